namespace CivicHub.Bench;

/// <summary>What one or more measured load phases saw: every latency, the failures, and the measured time.</summary>
internal sealed class LoadResult
{
    private readonly double[] _sortedMs;

    public LoadResult(string label, IEnumerable<double> latenciesMs, long failures, TimeSpan measured, string? firstFailure)
    {
        Label = label;
        _sortedMs = [.. latenciesMs];
        Array.Sort(_sortedMs);
        Failures = failures;
        Measured = measured;
        FirstFailure = firstFailure;
    }

    public string Label { get; }

    /// <summary>Requests that completed inside the measured window, failed or not.</summary>
    public long Completed => _sortedMs.Length;

    public long Failures { get; }

    public TimeSpan Measured { get; }

    public string? FirstFailure { get; }

    /// <summary>CPU used by the server, PostgreSQL and the load generator during the measured window.</summary>
    public CpuTime Cpu { get; init; }

    /// <summary>Successful requests per second of measured time.</summary>
    public double Throughput => Measured > TimeSpan.Zero ? (Completed - Failures) / Measured.TotalSeconds : 0;

    public static LoadResult Merge(string label, IReadOnlyCollection<LoadResult> phases) =>
        new(
            label,
            phases.SelectMany(p => p._sortedMs),
            phases.Sum(p => p.Failures),
            TimeSpan.FromTicks(phases.Sum(p => p.Measured.Ticks)),
            phases.Select(p => p.FirstFailure).FirstOrDefault(f => f is not null))
        {
            Cpu = phases.Aggregate(default(CpuTime), (sum, p) => sum + p.Cpu),
        };

    /// <summary>The nearest-rank percentile of the latencies, in milliseconds.</summary>
    public double Percentile(double p)
    {
        if (_sortedMs.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * _sortedMs.Length);
        return _sortedMs[Math.Clamp(rank - 1, 0, _sortedMs.Length - 1)];
    }

    public double Max => _sortedMs.Length == 0 ? double.NaN : _sortedMs[^1];
}
