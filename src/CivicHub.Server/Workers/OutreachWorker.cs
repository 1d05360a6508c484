using CivicHub.Core.Events;
using CivicHub.Core.Outreach;
using CivicHub.Core.Outreach.Outbox;
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

    [LoggerMessage(Level = LogLevel.Error, Message = "The outreach worker's loop failed; it carries on after the poll interval")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
