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
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CivicHubDb>();
            await db.CitizenImports.Where(i => i.Status == ImportStatus.Queued || i.Status == ImportStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatus.Failed), stoppingToken);
            await db.BackfillAsync(stoppingToken);
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
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(logger, exception, importId);
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<CivicHubDb>().CitizenImports.Where(i => i.Id == importId)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatus.Failed), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Import {ImportId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid importId);
}
