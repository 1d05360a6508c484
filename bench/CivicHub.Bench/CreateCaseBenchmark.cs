using System.Globalization;
using System.Text;
using CivicHub.Core.Data;
using Npgsql;

namespace CivicHub.Bench;

/// <summary>
/// POST /api/v1/cases through the real host on PostgreSQL against two raw endpoints, alternated in the same run at the
/// same concurrency: the issue's baseline (one one-row INSERT) and the same five rows a case writes, by hand-written
/// SQL in one transaction. Reports throughput, p50/p99 and the civichub/raw throughput ratios.
/// </summary>
internal static class CreateCaseBenchmark
{
    public const double TargetRatio = 0.50;

    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var concurrency = args.Int("concurrency", 32);
        var warmup = args.Seconds("warmup", 5);
        var serverWarmup = args.Seconds("server-warmup", 20);
        var duration = args.Seconds("duration", 15);
        var rounds = args.Int("rounds", 3);
        var demoCitizens = args.Int("citizens", 200);
        var database = args.String("database", "civichub_bench_create");
        var civicPort = args.Int("port", 5301);
        var rawPort = args.Int("raw-port", 5302);
        var withRows = !args.Flag("no-rows-baseline");
        var groupedRowByRow = args.Flag("grouped-row-by-row");
        var withGrouped = args.Flag("grouped-baseline") || groupedRowByRow;
        var grouped = groupedRowByRow ? "5 rows grouped row by row" : "5 rows grouped";
        var analyze = !args.Flag("no-analyze");
        var providerDelay = TimeSpan.FromMilliseconds(args.Int("provider-ms", 100));
        var postgres = Postgres.From(args);
        var outFolder = RepositoryPaths.OutputFolder(args, "create-case");
        var launch = CivicHubHost.LaunchFrom(args);
        args.RejectUnknown();

        Console.WriteLine($"create-case: {rounds} x (raw, civichub), {concurrency} workers, {warmup.TotalSeconds:F0} s warm-up + {duration.TotalSeconds:F0} s measured each after {serverWarmup.TotalSeconds:F0} s of server warm-up; the SMS provider answers after {providerDelay.TotalMilliseconds:F0} ms; logs in {outFolder}");
        Console.WriteLine($"PostgreSQL {await postgres.DescribeAsync(cancellationToken)}");
        var connectionString = postgres.Database(database);
        await postgres.RecreateAsync(database, cancellationToken);

        // The citizens' acknowledgements go by SMS to the raw server standing in for the provider (it is started next,
        // long before the first case), as a deployment with an SMS provider sends them; without quiet hours, so what a
        // run measures does not depend on the hour. The stand-in answers after a provider's delay: answering at once,
        // it had the host send as fast as its processors allow, which no provider lets a sender do.
        var settings = new Dictionary<string, string>
        {
            ["Outreach__QuietHoursStart"] = "00:00",
            ["Outreach__QuietHoursEnd"] = "00:00",
            ["Channels__Sms__Enabled"] = "true",
            ["Channels__Sms__AccountSid"] = SmsInboundBenchmark.AccountSid,
            ["Channels__Sms__AuthToken"] = SmsInboundBenchmark.AuthToken,
            ["Channels__Sms__From"] = SmsInboundBenchmark.OurNumber,
            ["Channels__Sms__BaseUrl"] = $"http://127.0.0.1:{rawPort}/",
        };
        await using var civic = await CivicHubHost.StartAsync(launch, connectionString, civicPort, demoCitizens, outFolder, cancellationToken, settings);
        Console.WriteLine($"CivicHub is up (pid {civic.Pid}, {civic.Memory.CurrentMiB} resident after start and seeding)");
        // After CivicHub: the five-row baselines read the tables its migrations create.
        await using var raw = await RawServer.StartAsync(RawConnection(connectionString), rawPort, outFolder, groupedRowByRow, providerDelay, cancellationToken);
        Console.WriteLine($"raw baseline is up (pid {raw.Pid})");

        using var tokenClient = CivicHubHost.Client(civic.BaseAddress, 1);
        var token = await CivicHubHost.IntegrationTokenAsync(tokenClient, cancellationToken);
        var citizens = await Postgres.ReadIdsAsync(connectionString, "SELECT \"Id\" FROM \"Citizens\" WHERE \"MergedIntoId\" IS NULL", cancellationToken);
        if (citizens.Count == 0)
        {
            throw new InvalidOperationException("The demo seeded no citizens.");
        }

        using var civicHttp = CivicHubHost.Client(civic.BaseAddress, concurrency, token);
        using var rawHttp = CivicHubHost.Client(raw.BaseAddress, concurrency);
        var civicRequest = Post(civicHttp, "/api/v1/cases", citizens);
        var rawRequest = Post(rawHttp, "/raw/cases", citizens);
        var rowsRequest = Post(rawHttp, "/raw/case-rows", citizens);
        var groupedRequest = Post(rawHttp, "/raw/case-rows-grouped", citizens);
        await CheckOnceAsync("CivicHub", civicRequest, cancellationToken);
        await CheckOnceAsync("raw baseline", rawRequest, cancellationToken);
        if (withRows)
        {
            await CheckOnceAsync("five-row baseline", rowsRequest, cancellationToken);
        }

        if (withGrouped)
        {
            await CheckOnceAsync("grouped five-row baseline", groupedRequest, cancellationToken);
        }

        List<(LoadGenerator.Request, int)> warming = [(rawRequest, raw.Pid)];
        if (withRows)
        {
            warming.Add((rowsRequest, raw.Pid));
        }

        if (withGrouped)
        {
            warming.Add((groupedRequest, raw.Pid));
        }

        warming.Add((civicRequest, civic.Pid));
        await LoadGenerator.WarmUpAsync(warming, concurrency, serverWarmup, 7, cancellationToken);
        if (analyze)
        {
            // The database was created for this run, so autovacuum has not yet analysed the tables the warm-up filled.
            // Until it does, the plans PostgreSQL cached for the nearly empty tables scan them whole (the webhook
            // fan-out's read of new cases by key, for one): a deployment that has run for a minute does not measure that.
            await Postgres.ExecuteAsync(connectionString, "ANALYZE", cancellationToken);
        }

        var rawPhases = new List<LoadResult>();
        var rowsPhases = new List<LoadResult>();
        var groupedPhases = new List<LoadResult>();
        var civicPhases = new List<LoadResult>();
        var civicMemory = new List<MemoryUsage>();
        for (var round = 1; round <= rounds; round++)
        {
            rawPhases.Add(await LoadGenerator.RunAsync($"raw #{round}", concurrency, warmup, duration, rawRequest, round * 1000, raw.Pid, cancellationToken));
            Console.WriteLine($"  round {round}: raw      {rawPhases[^1].Throughput,8:F1} req/s  p99 {rawPhases[^1].Percentile(99):F1} ms");
            if (withRows)
            {
                rowsPhases.Add(await LoadGenerator.RunAsync($"5 rows #{round}", concurrency, warmup, duration, rowsRequest, round * 3000, raw.Pid, cancellationToken));
                Console.WriteLine($"  round {round}: 5 rows   {rowsPhases[^1].Throughput,8:F1} req/s  p99 {rowsPhases[^1].Percentile(99):F1} ms");
            }

            if (withGrouped)
            {
                groupedPhases.Add(await LoadGenerator.RunAsync($"{grouped} #{round}", concurrency, warmup, duration, groupedRequest, round * 4000, raw.Pid, cancellationToken));
                Console.WriteLine($"  round {round}: grouped  {groupedPhases[^1].Throughput,8:F1} req/s  p99 {groupedPhases[^1].Percentile(99):F1} ms  ratio to raw {groupedPhases[^1].Throughput / rawPhases[^1].Throughput:F2}");
            }

            civicPhases.Add(await LoadGenerator.RunAsync($"civichub #{round}", concurrency, warmup, duration, civicRequest, round * 2000, civic.Pid, cancellationToken));
            civicMemory.Add(civic.Memory);
            Console.WriteLine($"  round {round}: civichub {civicPhases[^1].Throughput,8:F1} req/s  p99 {civicPhases[^1].Percentile(99):F1} ms  ratio {civicPhases[^1].Throughput / rawPhases[^1].Throughput:F2}  RSS {civic.Memory.CurrentMiB}");
        }

        var civicAll = LoadResult.Merge("civichub (all rounds)", civicPhases);
        var rawAll = LoadResult.Merge("raw (all rounds)", rawPhases);
        var rowsAll = withRows ? LoadResult.Merge("5 rows (all rounds)", rowsPhases) : null;
        var finalMemory = civic.Memory;
        var rawMemory = raw.Memory;
        var casesInDb = await Postgres.ScalarAsync(connectionString, "SELECT count(*) FROM \"Cases\"", cancellationToken);
        // The acknowledgements are composed and sent behind the requests, in the same host: how far they kept up.
        var acknowledged = await Postgres.ScalarAsync(connectionString, "SELECT count(*) FROM \"OutboundMessages\" WHERE \"Status\" = 'Sent'", cancellationToken);
        var unnotified = await Postgres.ScalarAsync(connectionString, "SELECT count(*) FROM \"Events\" WHERE \"NotifiedAt\" IS NULL", cancellationToken);

        var table = new MarkdownTable(
            "phase", "requests", "failures", "req/s", "p50 ms", "p99 ms", "max ms", "civichub/raw req/s", "civichub/5 rows req/s", "CPU ms/req: server / postgres / load gen");
        for (var i = 0; i < rounds; i++)
        {
            table.Add(Row(rawPhases[i], null, null));
            if (withRows)
            {
                table.Add(Row(rowsPhases[i], null, null));
            }

            if (withGrouped)
            {
                table.Add(Row(groupedPhases[i], null, null));
            }

            table.Add(Row(civicPhases[i], civicPhases[i].Throughput / rawPhases[i].Throughput, withRows ? civicPhases[i].Throughput / rowsPhases[i].Throughput : null));
        }

        var ratio = civicAll.Throughput / rawAll.Throughput;
        var rowsRatio = rowsAll is null ? (double?)null : civicAll.Throughput / rowsAll.Throughput;
        table.Add(Row(rawAll, null, null));
        if (rowsAll is not null)
        {
            table.Add(Row(rowsAll, null, null));
        }

        table.Add(Row(civicAll, ratio, rowsRatio));
        var perRound = civicPhases.Zip(rawPhases, (c, r) => c.Throughput / r.Throughput).Order().ToList();

        Console.WriteLine();
        Console.WriteLine($"### create-case ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, concurrency {concurrency})");
        Console.WriteLine();
        Console.Write(table);
        Console.WriteLine();
        var memory = new MarkdownTable("process", "peak RSS (VmHWM)", "final RSS (VmRSS)");
        memory.Add("CivicHub server", finalMemory.PeakMiB, finalMemory.CurrentMiB);
        memory.Add("raw baseline server", rawMemory.PeakMiB, rawMemory.CurrentMiB);
        Console.Write(memory);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Throughput ratio civichub/raw: {ratio:F2} over all rounds (per round, lowest first: {string.Join(", ", perRound.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}); target >= {TargetRatio:F2}: {(ratio >= TargetRatio ? "met" : "MISSED")}."));
        if (rowsRatio is { } fair)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Throughput ratio civichub/5 rows by hand: {fair:F2} over all rounds (per round {string.Join(", ", civicPhases.Zip(rowsPhases, (c, r) => (c.Throughput / r.Throughput).ToString("F2", CultureInfo.InvariantCulture)))})."));
        }

        if (withGrouped)
        {
            var groupedAll = LoadResult.Merge($"{grouped} (all rounds)", groupedPhases);
            var written = await rawHttp.GetFromJsonAsync<RawServer.GroupsWritten>("/raw/case-rows-grouped/groups", cancellationToken)
                ?? throw new InvalidOperationException("The raw server reported no groups.");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Throughput ratio {grouped}/raw: {groupedAll.Throughput / rawAll.Throughput:F2} over all rounds (per round {string.Join(", ", groupedPhases.Zip(rawPhases, (g, r) => (g.Throughput / r.Throughput).ToString("F2", CultureInfo.InvariantCulture)))}); {(double)written.Cases / Math.Max(1, written.Groups):F1} cases per group on average ({written.Groups} groups)."));
        }

        Console.WriteLine($"CivicHub RSS after each round: {string.Join(", ", civicMemory.Select(m => m.CurrentMiB))}. Cases in the database at the end: {casesInDb}.");
        Console.WriteLine($"Acknowledgements sent by the end: {acknowledged}; events still waiting for the notifier: {unnotified}.");
        foreach (var failed in civicPhases.Concat(rawPhases).Concat(rowsPhases).Concat(groupedPhases).Where(p => p.FirstFailure is not null).Take(2))
        {
            Console.WriteLine($"First failure in {failed.Label}: {failed.FirstFailure}");
        }

        return 0;
    }

    private static string[] Row(LoadResult r, double? ratio, double? rowsRatio) =>
    [
        r.Label,
        r.Completed.ToString(CultureInfo.InvariantCulture),
        r.Failures.ToString(CultureInfo.InvariantCulture),
        r.Throughput.ToString("F1", CultureInfo.InvariantCulture),
        r.Percentile(50).ToString("F1", CultureInfo.InvariantCulture),
        r.Percentile(99).ToString("F1", CultureInfo.InvariantCulture),
        r.Max.ToString("F1", CultureInfo.InvariantCulture),
        ratio?.ToString("F2", CultureInfo.InvariantCulture) ?? "",
        rowsRatio?.ToString("F2", CultureInfo.InvariantCulture) ?? "",
        r.Cpu.PerRequest(r.Completed),
    ];

    /// <summary>
    /// The raw baseline's connection string: Npgsql's defaults (a pool of up to 100, which served it best), but TLS
    /// or not as CivicHub's host chooses for the same string, so that both pay the same for encryption.
    /// </summary>
    private static string RawConnection(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString)
    {
        SslMode = new NpgsqlConnectionStringBuilder(DbContextOptionsExtensions.WithHostDefaults(connectionString)).SslMode,
    }.ConnectionString;

    /// <summary>The same body to both servers: a general enquiry by phone for a random known citizen.</summary>
    private static LoadGenerator.Request Post(HttpClient http, string path, List<Guid> citizens)
    {
        var uri = new Uri(path, UriKind.Relative);
        return async (worker, random, cancellationToken) =>
        {
            var citizen = citizens[random.Next(citizens.Count)];
            var json = $$$"""
                {"citizenId":"{{{citizen}}}","serviceCode":"general-enquiry","channel":"phone","description":"Caller asks when the library on Elm Street reopens after the works (bench worker {{{worker}}}).","answers":{"details":"Library opening hours after the renovation."}}
                """;
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(uri, content, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                await response.Content.CopyToAsync(Stream.Null, cancellationToken);
                return null;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return $"{(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}";
        };
    }

    private static async Task CheckOnceAsync(string name, LoadGenerator.Request request, CancellationToken cancellationToken)
    {
        var failure = await request(0, new Random(1), cancellationToken);
        if (failure is not null)
        {
            throw new InvalidOperationException($"{name} refused a create request: {failure}");
        }
    }
}
