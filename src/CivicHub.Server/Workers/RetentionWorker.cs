using CivicHub.Core.Privacy.Retention;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Workers;

/// <summary>
/// Runs the retention schedules every interval on one host at a time (the one holding the lease), or only reports
/// in dry-run mode. Off unless Retention:Enabled.
/// </summary>
public sealed partial class RetentionWorker(
    IServiceScopeFactory scopes, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionWorker> logger) : BackgroundService
{
    private readonly string _holder = $"{Environment.MachineName}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                var run = scope.ServiceProvider.GetRequiredService<RetentionRun>();
                if (await run.TryLeaseAsync(_holder, stoppingToken))
                {
                    await run.RunAsync(options.Value.DryRun, stoppingToken);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogRunFailed(logger, exception);
            }

            try
            {
                await Task.Delay(options.Value.Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A retention run failed; the next interval tries again")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
