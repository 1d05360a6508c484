using CivicHub.Bench;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

if (args is ["matching", ..])
{
    return await CivicHub.Bench.Matching.MatchingBench.RunAsync(args[1..]);
}

try
{
    var parsed = BenchArgs.Parse(args);
    return parsed.Command switch
    {
        "create-case" => await CreateCaseBenchmark.RunAsync(parsed, cancel.Token),
        "views" => await ViewsBenchmark.RunAsync(parsed, cancel.Token),
        "open311" => await Open311Benchmark.RunAsync(parsed, cancel.Token),
        "sms-inbound" => await SmsInboundBenchmark.RunAsync(parsed, cancel.Token),
        "outbox" => await OutboxBenchmark.RunAsync(parsed, cancel.Token),
        "raw-server" => await RawServer.RunAsync(parsed),
        _ => Usage(),
    };
}
catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or TimeoutException or OperationCanceledException or HttpRequestException or Npgsql.NpgsqlException)
{
    Console.Error.WriteLine($"benchmark failed: {e.GetType().Name}: {e.Message}");
    return 2;
}

static int Usage()
{
    Console.WriteLine("""
        usage: dotnet run -c Release --project bench/CivicHub.Bench -- <benchmark> [--option value ...]
        (build the server first: dotnet build -c Release src/CivicHub.Server)

          create-case   POST /api/v1/cases vs a raw one-INSERT endpoint and vs the same 5 rows by hand in one
                        transaction, alternated; throughput ratios and p50/p99
                        --concurrency 32 --server-warmup 20 --warmup 5 --duration 15 --rounds 3 --citizens 200
                        --database civichub_bench_create --port 5301 --raw-port 5302 --no-rows-baseline
                        --grouped-baseline (also the 5 rows of concurrent requests' cases written together)
                        --grouped-row-by-row (the same, one single-row INSERT per row instead of multi-row INSERTs)
                        --no-analyze (measure before autovacuum's first ANALYZE of the tables the warm-up filled)
                        --provider-ms 100 (how long the SMS provider the acknowledgements go to takes to answer)
          views         360 view and timeline at 100k citizens / 1M interactions vs GET /api/v1/departments
                        --citizens 100000 --interactions 1000000 --concurrency 32 --server-warmup 20 --warmup 3
                        --duration 10 --rounds 3
                        --database civichub_bench_views --port 5303 --reuse (keep generated data) --seed 42
          sms-inbound   POST /channels/sms/inbound (signed Twilio webhooks, a new number each) vs GET /healthz, alternated
                        --concurrency 16 --warmup 3 --duration 8 --rounds 2 --database civichub_bench_sms --port 5305
          outbox        outbox delivery through a stand-in sender vs raw claim-and-mark-sent SQL on the same rows, and vs one
                        message at a time (in process)
                        --messages 3000 --rounds 3 --batch 50 --citizens 50 --provider-ms 0 --database civichub_bench_outbox
          raw-server    the create-case baseline server (started by create-case itself)
          matching      identity resolution on FEBRL (quality, sweep, import): see docs/matching.md

        common: --pg "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres" --server-dll PATH
                --server-cwd bin|repo (where the server runs; bin applies its appsettings.json) --out FOLDER (logs)
        """);
    return 1;
}
