using CivicHub.Core.Citizens.Matching;
using CivicHub.Core.Data;
using CivicHub.Core.Imports;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Api.Imports;

/// <summary>
/// Runs queued imports in the background. At start it files every citizen for matching and marks imports that a
/// previous run left unfinished as failed: importing the same file again skips the records already linked.
/// </summary>
public sealed partial class ImportWorker(IServiceScopeFactory scopes, ImportQueue queue, ILogger<ImportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A database that cannot be reached at start must not stop the host (an unhandled exception here would):
        // the next start files the citizens left over.
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CivicHubDb>();
            await db.CitizenImports.Where(i => i.Status == ImportStatus.Queued || i.Status == ImportStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatus.Failed), stoppingToken);
            await db.BackfillAsync(stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            LogStartFailed(logger, exception);
        }

        await foreach (var (importId, csv) in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                using var scope = scopes.CreateScope();
                var import = scope.ServiceProvider.GetRequiredService<ImportCitizens>();
                using var reader = new StringReader(csv);
                await import.RunAsync(importId, reader, null, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, exception, importId);
                await MarkFailedAsync(importId, stoppingToken);
            }
        }
    }

    private async Task MarkFailedAsync(Guid importId, CancellationToken stoppingToken)
    {
        try
        {
            using var scope = scopes.CreateScope();
            await scope.ServiceProvider.GetRequiredService<CivicHubDb>().CitizenImports.Where(i => i.Id == importId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatus.Failed), stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // The import stays "running" until the next start marks it failed.
            LogFailed(logger, exception, importId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Preparing imports at start failed; the next start tries again")]
    private static partial void LogStartFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Import {ImportId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid importId);
}
