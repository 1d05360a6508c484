using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CivicHub.Channels.Email;

/// <summary>Polls every configured department mailbox, each on its own loop so that a slow or broken server delays only its own mail.</summary>
public sealed partial class MailboxWorker(
    MailboxPoller poller, IOptions<EmailOptions> options, TimeProvider time, ILogger<MailboxWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Value.Mailboxes.Select(mailbox => PollAsync(mailbox, stoppingToken)));

    private async Task PollAsync(MailboxOptions mailbox, CancellationToken stoppingToken)
    {
        // Leave the host's start to the host.
        await Task.Yield();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var handled = 0;
                try
                {
                    handled = await poller.PollOnceAsync(mailbox, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogPollFailed(logger, mailbox.CursorKey, ex);
                }

                // A full batch means more is waiting.
                if (handled < MailboxPoller.BatchSize)
                {
                    await Task.Delay(mailbox.PollInterval, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling mailbox {Mailbox} failed; trying again after the poll interval")]
    private static partial void LogPollFailed(ILogger logger, string mailbox, Exception exception);
}
