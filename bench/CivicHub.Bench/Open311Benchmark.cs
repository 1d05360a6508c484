using System.Globalization;

namespace CivicHub.Bench;

/// <summary>
/// GET /open311/v2/requests.json by date range (one day, one week, 90 days; with and without service_code and status)
/// over a million cases of public services spread across two years, against GET /open311/v2/services.json (answered
/// from the in-memory catalog) measured in the same run, with the plan of the server's 90-day statement.
/// </summary>
internal static class Open311Benchmark
{
    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var caseCount = args.Int("cases", 1_000_000);
        var citizenCount = args.Int("citizens", 200_000);
        var days = args.Int("days", 730);
        var concurrency = args.Int("concurrency", 32);
        var warmup = args.Seconds("warmup", 3);
        var duration = args.Seconds("duration", 10);
        var rounds = args.Int("rounds", 2);
        var database = args.String("database", "civichub_bench_open311");
        var port = args.Int("port", 5304);
        var seed = args.Int("seed", 42);
        var reuse = args.Flag("reuse");
        var postgres = Postgres.From(args);
        var outFolder = RepositoryPaths.OutputFolder(args, "open311");
        var launch = CivicHubHost.LaunchFrom(args);
        args.RejectUnknown();

        Console.WriteLine($"open311: {caseCount} cases over {days} days, {citizenCount} citizens; {rounds} rounds, {concurrency} workers, {warmup.TotalSeconds:F0} s warm-up + {duration.TotalSeconds:F0} s measured per phase; logs in {outFolder}");
        Console.WriteLine($"PostgreSQL {await postgres.DescribeAsync(cancellationToken)}");
        var connectionString = postgres.Database(database);
        var generate = !reuse || !await HasCasesAsync(postgres, database, caseCount, cancellationToken);
        if (generate)
        {
            await postgres.RecreateAsync(database, cancellationToken);
        }
        else
        {
            Console.WriteLine($"Reusing the data in {database}.");
        }

        await using var civic = await CivicHubHost.StartAsync(launch, connectionString, port, 50, outFolder, cancellationToken);
        Console.WriteLine($"CivicHub is up (pid {civic.Pid}, {civic.Memory.CurrentMiB} resident after start)");
        if (generate)
        {
            var people = await new ViewsDataGenerator(connectionString, citizenCount, 0, seed).GenerateAsync(cancellationToken);
            Console.WriteLine($"Generated {people.Citizens} citizens (one phone identity each) in {people.Elapsed.TotalSeconds:F0} s.");
            var summary = await new Open311DataGenerator(connectionString, caseCount, TimeSpan.FromDays(days), seed).GenerateAsync(cancellationToken);
            Console.WriteLine($"Generated {summary.Cases} cases of {summary.Services} public services, created {summary.From:yyyy-MM-dd} to {summary.To:yyyy-MM-dd}, in {summary.Elapsed.TotalSeconds:F0} s (with index rebuild and VACUUM ANALYZE).");
        }

        var services = await Open311DataGenerator.ReadPublicServicesAsync(connectionString, cancellationToken);
        var casesInDb = await Postgres.ScalarAsync(connectionString, "SELECT count(*) FROM \"Cases\"", cancellationToken);
        var publicCases = await Postgres.ScalarAsync(
            connectionString, "SELECT count(*) FROM \"Cases\" c JOIN \"Services\" s ON s.\"Id\" = c.\"ServiceId\" WHERE s.\"PublicRequests\"", cancellationToken);
        var to = DateTime.UtcNow.Date;
        var from = to.AddDays(-days + 1);
        Console.WriteLine($"Database: {casesInDb} cases, {publicCases} of them of the {services.Count} public services ({string.Join(", ", services.Select(s => s.Code))}).");

        using var http = CivicHubHost.Client(civic.BaseAddress, concurrency);
        string Window(Random r, int length, string extra)
        {
            var start = from.AddDays(r.Next(days - length));
            return $"/open311/v2/requests.json?start_date={start:yyyy-MM-dd}T00:00:00Z&end_date={start.AddDays(length):yyyy-MM-dd}T00:00:00Z{extra}";
        }

        string Code(Random r) => "&service_code=" + Uri.EscapeDataString(services[r.Next(services.Count)].Code);
        var endpoints = new List<(string Label, Func<Random, string> Path)>
        {
            ("GET /open311/v2/services.json (baseline)", _ => "/open311/v2/services.json"),
            ("requests.json 1 day", r => Window(r, 1, "")),
            ("requests.json 7 days", r => Window(r, 7, "")),
            ("requests.json 90 days", r => Window(r, 90, "")),
            ("requests.json 90 days + service_code", r => Window(r, 90, Code(r))),
            ("requests.json 7 days + status=open", r => Window(r, 7, "&status=open")),
            ("requests.json 1 day + service_code + status=closed", r => Window(r, 1, Code(r) + "&status=closed")),
            ("requests.json mix (1/7/90 days, ± service_code, ± status)", r => Window(
                r,
                r.Next(3) switch { 0 => 1, 1 => 7, _ => 90 },
                (r.Next(2) == 0 ? Code(r) : "") + r.Next(3) switch { 0 => "", 1 => "&status=open", _ => "&status=closed" })),
        };
        foreach (var (label, path) in endpoints)
        {
            var probe = path(new Random(seed));
            var (items, bytes, failure) = await CountItemsAsync(http, probe, cancellationToken);
            if (failure is not null)
            {
                throw new InvalidOperationException($"{label} failed before the load: {failure}");
            }

            Console.WriteLine($"  probe {label}: {items} items, {bytes / 1024.0:F0} KiB for {probe}");
        }

        var phases = endpoints.ToDictionary(e => e.Label, _ => new List<LoadResult>());
        string? caught = null;
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (label, path) in endpoints)
            {
                using var stopCatching = new CancellationTokenSource();
                var catching = caught is null && label == "requests.json 90 days"
                    ? Open311QueryPlan.CatchAsync(connectionString, database, stopCatching.Token)
                    : Task.FromResult<string?>(null);
                var result = await LoadGenerator.RunAsync(label, concurrency, warmup, duration, Get(http, path), seed + (round * 100), civic.Pid, cancellationToken);
                await stopCatching.CancelAsync();
                caught ??= await catching;
                phases[label].Add(result);
                Console.WriteLine($"  round {round}: {label,-60} {result.Throughput,8:F1} req/s  p50 {result.Percentile(50),7:F1}  p99 {result.Percentile(99),7:F1} ms  RSS {civic.Memory.CurrentMiB}");
            }
        }

        var memory = civic.Memory;
        var merged = endpoints.Select(e => LoadResult.Merge(e.Label, phases[e.Label])).ToList();
        var baseline = merged[0];
        var table = new MarkdownTable("endpoint", "requests", "failures", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "p99 / baseline p99", "req/s / baseline req/s", "CPU ms/req: server / postgres / load gen");
        foreach (var r in merged)
        {
            table.Add(
                r.Label,
                r.Completed.ToString(CultureInfo.InvariantCulture),
                r.Failures.ToString(CultureInfo.InvariantCulture),
                F1(r.Throughput),
                F1(r.Percentile(50)),
                F1(r.Percentile(95)),
                F1(r.Percentile(99)),
                F1(r.Max),
                (r.Percentile(99) / baseline.Percentile(99)).ToString("F2", CultureInfo.InvariantCulture),
                (r.Throughput / baseline.Throughput).ToString("F2", CultureInfo.InvariantCulture),
                r.Cpu.PerRequest(r.Completed));
        }

        Console.WriteLine();
        Console.WriteLine($"### open311 ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, concurrency {concurrency}, {casesInDb} cases, {publicCases} public)");
        Console.WriteLine();
        Console.Write(table);
        Console.WriteLine();
        var memoryTable = new MarkdownTable("process", "peak RSS (VmHWM)", "final RSS (VmRSS)");
        memoryTable.Add("CivicHub server", memory.PeakMiB, memory.CurrentMiB);
        Console.Write(memoryTable);
        Console.WriteLine();
        foreach (var failed in merged.Where(p => p.FirstFailure is not null))
        {
            Console.WriteLine($"First failure in {failed.Label}: {failed.FirstFailure}");
        }

        if (caught is null)
        {
            Console.WriteLine("The 90-day statement was not caught in pg_stat_activity; no plan shown.");
            return 0;
        }

        Console.WriteLine("Statement the server sent for requests.json with a 90-day window:");
        Console.WriteLine(caught);
        var ids = services.Select(s => s.Id).ToList();
        foreach (var (label, start, end) in new[] { ("last 90 days", to.AddDays(-90), to), ("one day", to.AddDays(-200), to.AddDays(-199)) })
        {
            var plan = await Open311QueryPlan.ExplainAsync(connectionString, caught, ids, start, end, cancellationToken);
            Console.WriteLine($"EXPLAIN (ANALYZE, BUFFERS), {label}:");
            Console.WriteLine(plan);
        }

        return 0;
    }

    private static string F1(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    private static async Task<bool> HasCasesAsync(Postgres postgres, string database, int cases, CancellationToken cancellationToken)
    {
        if (!await postgres.ExistsAsync(database, cancellationToken))
        {
            return false;
        }

        try
        {
            return await Postgres.ScalarAsync(postgres.Database(database), "SELECT count(*) FROM \"Cases\"", cancellationToken) >= cases;
        }
        catch (Npgsql.PostgresException)
        {
            return false;
        }
    }

    private static async Task<(int Items, long Bytes, string? Failure)> CountItemsAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return (0, 0, $"{(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
        }

        using var json = System.Text.Json.JsonDocument.Parse(body);
        return (json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array ? json.RootElement.GetArrayLength() : 1, System.Text.Encoding.UTF8.GetByteCount(body), null);
    }

    private static LoadGenerator.Request Get(HttpClient http, Func<Random, string> path) =>
        async (_, random, cancellationToken) =>
        {
            using var response = await http.GetAsync(new Uri(path(random), UriKind.Relative), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                await response.Content.CopyToAsync(Stream.Null, cancellationToken);
                return null;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return $"{(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}";
        };
}
