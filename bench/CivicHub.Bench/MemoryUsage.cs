namespace CivicHub.Bench;

/// <summary>A process's peak (VmHWM) and current (VmRSS) resident memory, from /proc/PID/status.</summary>
internal readonly record struct MemoryUsage(long PeakKiB, long CurrentKiB)
{
    public static MemoryUsage Unknown => new(-1, -1);

    public static MemoryUsage Of(int pid)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path))
        {
            return Unknown;
        }

        long peak = -1, current = -1;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = KiB(line);
            }
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                current = KiB(line);
            }
        }

        return new MemoryUsage(peak, current);
    }

    public string PeakMiB => Mib(PeakKiB);

    public string CurrentMiB => Mib(CurrentKiB);

    private static string Mib(long kib) => kib < 0 ? "n/a" : $"{kib / 1024.0:F0} MiB";

    private static long KiB(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
}
