using System.Diagnostics;
using System.Globalization;
using CivicHub.Core.Access;
using CivicHub.Core.Data;
using CivicHub.Core.Imports;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Api.Imports;

/// <summary>
/// `import citizens FILE.csv --source NAME --map column=field ...`: the same import as the API, for files too large
/// to upload, with progress on the console. Exit code 0 when every row landed, 1 when some rows were refused, 2 for
/// bad arguments.
/// </summary>
public static class ImportCommand
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    public const string Usage = "usage: import citizens FILE.csv --source NAME [--map column=field ...] [--batch N]";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? file = null, source = null;
        var map = new List<string>();
        var batch = ImportCitizens.DefaultBatchSize;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--source" when i + 1 < args.Length:
                    source = args[++i];
                    break;
                case "--map" when i + 1 < args.Length:
                    map.Add(args[++i]);
                    break;
                case "--batch" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var size) && size is > 0 and <= 10_000:
                    batch = size;
                    i++;
                    break;
                case var path when !path.StartsWith("--", StringComparison.Ordinal) && file is null:
                    file = path;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"Unexpected argument '{args[i]}'. {Usage}");
                    return 2;
            }
        }

        if (file is null || !File.Exists(file))
        {
            await Console.Error.WriteLineAsync(file is null ? Usage : $"No such file: {file}");
            return 2;
        }

        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CivicHubDb>().Database.MigrateAsync();
        var import = new ImportCitizens(
            scope.ServiceProvider.GetRequiredService<CivicHubDb>(),
            scope.ServiceProvider.GetRequiredService<CivicHub.Core.Citizens.IdentityNormalizer>(),
            scope.ServiceProvider.GetRequiredService<TimeProvider>(),
            scope.ServiceProvider.GetRequiredService<ILogger<ImportCitizens>>())
        { BatchSize = batch };

        string? header;
        using (var first = new StreamReader(file))
        {
            header = await first.ReadLineAsync();
        }

        var started = await import.StartAsync(new ImportCitizens.Request(source, map), header, new Actor(ActorKind.System, "import-command", "Import command"), CancellationToken.None);
        if (!started.Succeeded)
        {
            foreach (var (field, messages) in started.Problem!.Errors ?? new Dictionary<string, string[]>())
            {
                await Console.Error.WriteLineAsync($"{field}: {string.Join(" ", messages)}");
            }

            return 2;
        }

        using var reader = new StreamReader(file);
        var result = await import.RunAsync(started.Value!.Id, reader, new ConsoleProgress(), CancellationToken.None);
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024;
        Console.WriteLine($"Import {result.Id} {result.Status.ToString().ToLowerInvariant()}: {result.Processed} records, {result.Linked} linked, "
            + $"{result.Reviews} to review, {result.Created} new, {result.Skipped} already imported, {result.Failed} refused; peak memory {peak} MiB.");
        foreach (var error in System.Text.Json.JsonSerializer.Deserialize<List<ImportRowError>>(result.Errors, Json)!.Take(100))
        {
            Console.WriteLine($"  line {error.Line}: {error.Reason}");
        }

        return result.Status == ImportStatus.Completed && result.Failed == 0 ? 0 : 1;
    }

    /// <summary>Writes progress at once, in order (Progress&lt;T&gt; would post it to the thread pool).</summary>
    private sealed class ConsoleProgress : IProgress<ImportProgress>
    {
        private readonly Stopwatch _sinceLast = Stopwatch.StartNew();

        public void Report(ImportProgress value)
        {
            if (_sinceLast.Elapsed < TimeSpan.FromSeconds(1))
            {
                return;
            }

            _sinceLast.Restart();
            Console.WriteLine($"{value.Processed,9:N0} records  {value.RecordsPerSecond,7:N0}/s  linked {value.Linked:N0}  review {value.Reviews:N0}  new {value.Created:N0}  refused {value.Failed:N0}");
        }
    }
}
