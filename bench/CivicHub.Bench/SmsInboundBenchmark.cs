using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CivicHub.Bench;

/// <summary>
/// POST /channels/sms/inbound as Twilio sends it (form-encoded, X-Twilio-Signature), each text from a number never
/// seen before (so each one creates a provisional citizen and opens a case), against GET /healthz measured in the
/// same run, alternated; reports throughput, p50/p99 and the sms/healthz throughput ratio.
/// </summary>
internal static class SmsInboundBenchmark
{
    // The benchmarks' SMS account (create-case sends its acknowledgements as it).
    internal const string AccountSid = "ACbench0000000000000000000000000000";
    internal const string AuthToken = "bench-twilio-auth-token";
    internal const string OurNumber = "+12175550311";

    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var concurrency = args.Int("concurrency", 16);
        var warmup = args.Seconds("warmup", 3);
        var duration = args.Seconds("duration", 8);
        var rounds = args.Int("rounds", 2);
        var database = args.String("database", "civichub_bench_sms");
        var port = args.Int("port", 5305);
        var postgres = Postgres.From(args);
        var outFolder = RepositoryPaths.OutputFolder(args, "sms-inbound");
        var launch = CivicHubHost.LaunchFrom(args);
        args.RejectUnknown();

        Console.WriteLine($"sms-inbound: {rounds} x (healthz, sms), {concurrency} workers, {warmup.TotalSeconds:F0} s warm-up + {duration.TotalSeconds:F0} s measured each; logs in {outFolder}");
        Console.WriteLine($"PostgreSQL {await postgres.DescribeAsync(cancellationToken)}");
        var connectionString = postgres.Database(database);
        await postgres.RecreateAsync(database, cancellationToken);
        var settings = new Dictionary<string, string>
        {
            ["Channels__Sms__Enabled"] = "true",
            ["Channels__Sms__AccountSid"] = AccountSid,
            ["Channels__Sms__AuthToken"] = AuthToken,
            ["Channels__Sms__From"] = OurNumber,
        };
        await using var civic = await CivicHubHost.StartAsync(launch, connectionString, port, 200, outFolder, cancellationToken, settings);
        Console.WriteLine($"CivicHub is up (pid {civic.Pid}, {civic.Memory.CurrentMiB} resident after start and seeding)");

        using var http = CivicHubHost.Client(civic.BaseAddress, concurrency);
        // No proxy in front: the signed URL is the one the server sees.
        var inboundUrl = new Uri(civic.BaseAddress, "/channels/sms/inbound");
        var numbers = new NumberSource();
        var health = Get(http, "/healthz");
        var sms = Inbound(http, inboundUrl, numbers);
        await CheckOnceAsync("healthz", health, cancellationToken);
        await CheckOnceAsync("sms inbound", sms, cancellationToken);

        var healthPhases = new List<LoadResult>();
        var smsPhases = new List<LoadResult>();
        for (var round = 1; round <= rounds; round++)
        {
            healthPhases.Add(await LoadGenerator.RunAsync($"GET /healthz #{round}", concurrency, warmup, duration, health, round * 1000, civic.Pid, cancellationToken));
            Console.WriteLine($"  round {round}: healthz {healthPhases[^1].Throughput,8:F1} req/s  p99 {healthPhases[^1].Percentile(99):F1} ms");
            smsPhases.Add(await LoadGenerator.RunAsync($"POST /channels/sms/inbound #{round}", concurrency, warmup, duration, sms, round * 2000, civic.Pid, cancellationToken));
            Console.WriteLine($"  round {round}: sms     {smsPhases[^1].Throughput,8:F1} req/s  p99 {smsPhases[^1].Percentile(99):F1} ms  ratio {smsPhases[^1].Throughput / healthPhases[^1].Throughput:F2}");
        }

        var healthAll = LoadResult.Merge("GET /healthz (all rounds)", healthPhases);
        var smsAll = LoadResult.Merge("POST /channels/sms/inbound (all rounds)", smsPhases);
        var cases = await Postgres.ScalarAsync(connectionString, "SELECT count(*) FROM \"Cases\" WHERE \"OriginChannel\" = 'Sms'", cancellationToken);

        var table = new MarkdownTable("phase", "requests", "failures", "req/s", "p50 ms", "p99 ms", "max ms", "sms/healthz req/s", "p99 sms/healthz", "CPU ms/req: server / postgres / load gen");
        for (var i = 0; i < rounds; i++)
        {
            table.Add(Row(healthPhases[i], null));
            table.Add(Row(smsPhases[i], healthPhases[i]));
        }

        table.Add(Row(healthAll, null));
        table.Add(Row(smsAll, healthAll));
        Console.WriteLine();
        Console.WriteLine($"### sms-inbound ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, concurrency {concurrency})");
        Console.WriteLine();
        Console.Write(table);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Throughput ratio sms/healthz: {smsAll.Throughput / healthAll.Throughput:F2}; p99 {smsAll.Percentile(99):F1} ms vs {healthAll.Percentile(99):F1} ms. SMS cases in the database at the end: {cases}."));
        foreach (var failed in smsPhases.Concat(healthPhases).Where(p => p.FirstFailure is not null).Take(2))
        {
            Console.WriteLine($"First failure in {failed.Label}: {failed.FirstFailure}");
        }

        return 0;
    }

    private static string[] Row(LoadResult r, LoadResult? baseline) =>
    [
        r.Label,
        r.Completed.ToString(CultureInfo.InvariantCulture),
        r.Failures.ToString(CultureInfo.InvariantCulture),
        r.Throughput.ToString("F1", CultureInfo.InvariantCulture),
        r.Percentile(50).ToString("F1", CultureInfo.InvariantCulture),
        r.Percentile(99).ToString("F1", CultureInfo.InvariantCulture),
        r.Max.ToString("F1", CultureInfo.InvariantCulture),
        baseline is null ? "" : (r.Throughput / baseline.Throughput).ToString("F2", CultureInfo.InvariantCulture),
        baseline is null ? "" : (r.Percentile(99) / baseline.Percentile(99)).ToString("F1", CultureInfo.InvariantCulture),
        r.Cpu.PerRequest(r.Completed),
    ];

    private static LoadGenerator.Request Get(HttpClient http, string path)
    {
        var uri = new Uri(path, UriKind.Relative);
        return async (_, _, cancellationToken) =>
        {
            using var response = await http.GetAsync(uri, cancellationToken);
            await response.Content.CopyToAsync(Stream.Null, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode}";
        };
    }

    /// <summary>A text as Twilio posts it, from a new number each time, signed with the account's auth token.</summary>
    private static LoadGenerator.Request Inbound(HttpClient http, Uri url, NumberSource numbers) =>
        async (worker, random, cancellationToken) =>
        {
            var sid = "SM" + Guid.NewGuid().ToString("N");
            var form = new Dictionary<string, string>
            {
                ["MessageSid"] = sid,
                ["SmsSid"] = sid,
                ["AccountSid"] = AccountSid,
                ["From"] = numbers.Next(),
                ["To"] = OurNumber,
                ["Body"] = $"The streetlight outside number {random.Next(1, 400)} Elm Street has been out for a week (bench worker {worker}).",
                ["NumMedia"] = "0",
                ["NumSegments"] = "1",
                ["SmsStatus"] = "received",
                ["ApiVersion"] = "2010-04-01",
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Add("X-Twilio-Signature", Sign(url.ToString(), form));
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}";
        };

    /// <summary>Twilio's documented signature: HMAC-SHA1 (auth token) of the URL and the parameters sorted by name, base64.</summary>
    private static string Sign(string url, Dictionary<string, string> form)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

#pragma warning disable CA5350 // The provider's algorithm.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(AuthToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    private static async Task CheckOnceAsync(string name, LoadGenerator.Request request, CancellationToken cancellationToken)
    {
        var failure = await request(0, new Random(1), cancellationToken);
        if (failure is not null)
        {
            throw new InvalidOperationException($"{name} refused a request: {failure}");
        }
    }

    /// <summary>Valid US numbers (area code 312, exchanges 200-999) none of the demo's, each handed out once.</summary>
    private sealed class NumberSource
    {
        private int _next = -1;

        public string Next()
        {
            var n = Interlocked.Increment(ref _next) % 8_000_000;
            return string.Create(CultureInfo.InvariantCulture, $"+1312{200 + (n / 10_000)}{n % 10_000:D4}");
        }
    }
}
