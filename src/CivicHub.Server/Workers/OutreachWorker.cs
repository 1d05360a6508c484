using CivicHub.Core.Events;
using CivicHub.Core.Outreach;
using CivicHub.Core.Outreach.Outbox;
using CivicHub.Core.Outreach.Preferences;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Workers;

/// <summary>
/// Moves notifications from decision to citizen: turns committed case events into outbox messages, then sends what
/// is due. It wakes when events or messages commit in this host and polls for the rest (other hosts' work,
/// messages held by quiet hours or backoff).
/// </summary>
public sealed partial class OutreachWorker(
    IServiceScopeFactory scopes, EventSignal events, OutreachSignal outreach, IOptions<OutreachOptions> options, ILogger<OutreachWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(20);
    private readonly SemaphoreSlim _wake = new(0, 1);

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        TellChannels();
        events.Committed += OnCommitted;
        outreach.Queued += OnQueued;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var worked = 0;
                try
                {
                    using (var scope = scopes.CreateScope())
                    {
                        worked += await scope.ServiceProvider.GetRequiredService<EventNotifier>().RunOnceAsync(stoppingToken);
                    }

                    using (var scope = scopes.CreateScope())
                    {
                        worked += await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().RunOnceAsync(stoppingToken);
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogLoopFailed(logger, ex);
                }

                if (worked == 0)
                {
                    await _wake.WaitAsync(options.Value.PollInterval, stoppingToken);
                    await Task.Delay(Coalesce, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            events.Committed -= OnCommitted;
            outreach.Queued -= OnQueued;
        }
    }

    /// <summary>
    /// Says at start which channels outreach can send on: a channel switched off or without a server is not offered to
    /// citizens at all, and without this line an operator would learn it only from the cases' "not reached" notes.
    /// </summary>
    private void TellChannels()
    {
        using var scope = scopes.CreateScope();
        var senders = scope.ServiceProvider.GetRequiredService<ChannelSenders>();
        var channels = ChannelChoice.Sendable.Select(s => s.Channel).ToList();
        var available = string.Join(", ", channels.Where(senders.Available));
        var unavailable = string.Join(", ", channels.Where(c => !senders.Available(c)));
        if (available.Length == 0)
        {
            LogNoChannel(logger, unavailable);
        }
        else
        {
            LogChannels(logger, available, unavailable.Length == 0 ? "none" : unavailable);
        }
    }

    private void OnCommitted(object? sender, EventsCommittedEventArgs e) => Wake();

    private void OnQueued(object? sender, EventArgs e) => Wake();

    private void Wake()
    {
        if (_wake.CurrentCount > 0)
        {
            return;
        }

        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another commit woke the worker at the same moment.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outreach sends on {Available}; not configured: {Unavailable}")]
    private static partial void LogChannels(ILogger logger, string available, string unavailable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outreach can reach no citizen: none of {Unavailable} is configured, so every notification is noted on its case as not reached")]
    private static partial void LogNoChannel(ILogger logger, string unavailable);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outreach worker's loop failed; it carries on after the poll interval")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
