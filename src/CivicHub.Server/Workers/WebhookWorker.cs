using CivicHub.Core.Events;
using CivicHub.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Workers;

/// <summary>
/// Moves events from the outbox to webhook receivers: fans new events out to subscriptions, then sends what is
/// due. It wakes when events commit in this host and polls for those committed by others. Every host runs it; the
/// fan-out's lease lets one host fan out at a time, and another takes over when that host stops.
/// </summary>
public sealed partial class WebhookWorker(
    IServiceScopeFactory scopes, EventSignal signal, IOptions<WebhookOptions> options, ILogger<WebhookWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(50);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Guid _holder = Guid.NewGuid();

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        signal.Committed += OnCommitted;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var worked = 0;
                var full = false;
                var waiting = false;
                try
                {
                    using (var scope = scopes.CreateScope())
                    {
                        var fanOut = await scope.ServiceProvider.GetRequiredService<WebhookFanOut>().RunOnceAsync(_holder, stoppingToken);
                        worked += fanOut.Handled;
                        full = fanOut.Full;
                        waiting = fanOut.Waiting;
                    }

                    using (var scope = scopes.CreateScope())
                    {
                        var sent = await scope.ServiceProvider.GetRequiredService<WebhookDispatcher>().RunOnceAsync(stoppingToken);
                        worked += sent;
                        full |= sent >= options.Value.BatchSize;
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogLoopFailed(logger, ex);
                }

                if (worked == 0 && !waiting)
                {
                    await _wake.WaitAsync(options.Value.PollInterval, stoppingToken);

                    // A busy host commits events hundreds of times a second: gather them into batches
                    // rather than waking for each one.
                    await Task.Delay(Coalesce, stoppingToken);
                }
                else if (!full)
                {
                    // Only a full batch means more are already waiting. Less means the worker has caught up (or waits
                    // for events' writers to end); going round again at once would run a pass's queries for the
                    // events committed meanwhile, back to back under load.
                    await Task.Delay(Coalesce, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            signal.Committed -= OnCommitted;
            await ReleaseFanOutAsync();
        }
    }

    // A host stopping hands the fan-out on at once rather than when its lease runs out.
    private async Task ReleaseFanOutAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var scope = scopes.CreateScope();
            await scope.ServiceProvider.GetRequiredService<WebhookFanOut>().ReleaseAsync(_holder, timeout.Token);
        }
        catch (Exception ex)
        {
            LogReleaseFailed(logger, ex);
        }
    }

    private void OnCommitted(object? sender, EventsCommittedEventArgs e)
    {
        // Under load this runs for every commit: checking first keeps the exception below for the rare race.
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook fan-out's lease was not given up as the host stopped; another host takes it over when it runs out")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The webhook worker's loop failed; it carries on after the poll interval")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
