using CivicHub.Core.Privacy.Audit;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Workers;

/// <summary>
/// Seals the audit log into its hash chain in the background, so recording an access never waits for the chain.
/// Every host may run it; the lease lets one seal at a time, and another takes over when that host stops.
/// </summary>
public sealed partial class AuditSealerWorker(IServiceScopeFactory scopes, IOptions<AuditOptions> options, ILogger<AuditSealerWorker> logger) : BackgroundService
{
    private readonly Guid _holder = Guid.NewGuid();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SealerEnabled)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var sealedCount = 0;
                try
                {
                    using var scope = scopes.CreateScope();
                    sealedCount = await scope.ServiceProvider.GetRequiredService<AuditSealer>().RunOnceAsync(_holder, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogLoopFailed(logger, ex);
                }

                // A full batch means more are waiting: go round at once.
                if (sealedCount < options.Value.SealBatchSize)
                {
                    await Task.Delay(options.Value.SealInterval, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit sealer's loop failed; it carries on after the seal interval")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
