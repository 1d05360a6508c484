using CivicHub.Core.Data;
using CivicHub.Server.Api.Imports;
using CivicHub.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CivicHub.Server.Tests.Imports;

/// <summary>
/// The import worker's work at start (filing citizens for matching) meets a database it cannot use: it logs and keeps
/// serving, because an exception escaping a background service stops the whole host.
/// </summary>
public sealed class ImportWorkerTests
{
    [Fact]
    public async Task A_database_that_fails_at_start_is_logged_and_the_worker_keeps_running()
    {
        var folder = Directory.CreateTempSubdirectory("civichub-worker-").FullName;
        var logs = new LogCapture();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(logs))
            // An empty database: no tables, as while a reset has dropped them.
            .AddDbContext<CivicHubDb>(db => db.UseCivicHubDatabase($"Data Source={Path.Combine(folder, "empty.db")}"))
            .AddSingleton<ImportQueue>()
            .AddSingleton<ImportWorker>()
            .BuildServiceProvider();
        try
        {
            var worker = services.GetRequiredService<ImportWorker>();
            await worker.StartAsync(TestContext.Current.CancellationToken);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            bool Failure(LogCapture.Entry e) => e.Level == LogLevel.Error && e.Category == typeof(ImportWorker).FullName;
            while (!logs.Entries.Any(Failure) && worker.ExecuteTask is { IsCompleted: false } && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }

            var error = Assert.Single(logs.Entries, Failure);
            Assert.Contains("no such table", error.Exception, StringComparison.Ordinal);
            Assert.False(worker.ExecuteTask!.IsCompleted, "the worker stopped: an exception escaped it");
            await worker.StopAsync(TestContext.Current.CancellationToken);
            Assert.False(worker.ExecuteTask.IsFaulted);
        }
        finally
        {
            await services.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
