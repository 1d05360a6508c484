using System.Diagnostics;

namespace CivicHub.Bench;

/// <summary>
/// Closed-loop load: a fixed number of workers each send one request at a time, for a warm-up and then a measured
/// window; the latency of every request that completes inside the window is kept.
/// </summary>
internal static class LoadGenerator
{
    /// <summary>Sends one request as a worker; answers null on success or a short description of the failure.</summary>
    public delegate Task<string?> Request(int worker, Random random, CancellationToken cancellationToken);

    public static async Task<LoadResult> RunAsync(
        string label, int concurrency, TimeSpan warmup, TimeSpan measured, Request request, int seed, int serverPid, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(measured.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency)
            .Select(w => Task.Run(() => WorkAsync(w, new Random(seed + w), measureFrom, measureTo, request, cancellationToken), cancellationToken))
            .ToArray();
        var cpu = SampleCpuAsync(serverPid, measureFrom, measureTo, cancellationToken);
        var results = await Task.WhenAll(workers);
        return new LoadResult(
            label,
            results.SelectMany(r => r.Latencies),
            results.Sum(r => r.Failures),
            measured,
            results.Select(r => r.FirstFailure).FirstOrDefault(f => f is not null))
        {
            Cpu = await cpu,
        };
    }

    /// <summary>
    /// Runs each request in turn for a share of <paramref name="total"/>, recording nothing: the server's code is
    /// compiled and tiered up (and its pools filled) before the first measured phase, so every round measures the
    /// server as it runs once it has been up for a while, not its first seconds.
    /// </summary>
    public static async Task WarmUpAsync(IReadOnlyList<(Request Request, int ServerPid)> requests, int concurrency, TimeSpan total, int seed, CancellationToken cancellationToken)
    {
        foreach (var (request, serverPid) in requests)
        {
            await RunAsync("server warm-up", concurrency, total / requests.Count, TimeSpan.Zero, request, seed, serverPid, cancellationToken);
        }
    }

    /// <summary>The CPU the server, PostgreSQL and this process used inside the measured window.</summary>
    private static async Task<CpuTime> SampleCpuAsync(int serverPid, long measureFrom, long measureTo, CancellationToken cancellationToken)
    {
        await Task.Delay(Until(measureFrom), cancellationToken);
        var before = CpuTime.Sample(serverPid);
        await Task.Delay(Until(measureTo), cancellationToken);
        return CpuTime.Sample(serverPid) - before;
    }

    // How long until a moment, none if it has passed (a window of no length ends as it begins).
    private static TimeSpan Until(long timestamp)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    private static async Task<WorkerResult> WorkAsync(
        int worker, Random random, long measureFrom, long measureTo, Request request, CancellationToken cancellationToken)
    {
        var result = new WorkerResult();
        while (Stopwatch.GetTimestamp() < measureTo)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var began = Stopwatch.GetTimestamp();
            string? failure;
            try
            {
                failure = await request(worker, random, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                failure = e.Message;
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                failure = "timeout: " + e.Message;
            }

            var ended = Stopwatch.GetTimestamp();
            if (ended < measureFrom || ended > measureTo)
            {
                continue;
            }

            result.Latencies.Add(Stopwatch.GetElapsedTime(began, ended).TotalMilliseconds);
            if (failure is not null)
            {
                result.Failures++;
                result.FirstFailure ??= failure;
            }
        }

        return result;
    }

    private sealed class WorkerResult
    {
        public List<double> Latencies { get; } = new(16_384);

        public long Failures { get; set; }

        public string? FirstFailure { get; set; }
    }
}
