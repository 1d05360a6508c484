using System.Globalization;

namespace CivicHub.Bench;

/// <summary>CPU time (user + system) used so far by the server child, by all PostgreSQL processes, and by the load generator.</summary>
internal readonly record struct CpuTime(TimeSpan Server, TimeSpan Postgres, TimeSpan LoadGenerator)
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    public static CpuTime Sample(int serverPid)
    {
        var postgres = TimeSpan.Zero;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (name.Length > 0 && char.IsAsciiDigit(name[0]) && Read(int.Parse(name, CultureInfo.InvariantCulture)) is { Command: "postgres" } process)
            {
                postgres += process.Time;
            }
        }

        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return new CpuTime(Read(serverPid)?.Time ?? TimeSpan.Zero, postgres, self.TotalProcessorTime);
    }

    public static CpuTime operator -(CpuTime a, CpuTime b) => new(a.Server - b.Server, a.Postgres - b.Postgres, a.LoadGenerator - b.LoadGenerator);

    public static CpuTime operator +(CpuTime a, CpuTime b) => new(a.Server + b.Server, a.Postgres + b.Postgres, a.LoadGenerator + b.LoadGenerator);

    public static CpuTime Subtract(CpuTime a, CpuTime b) => a - b;

    public static CpuTime Add(CpuTime a, CpuTime b) => a + b;

    /// <summary>Milliseconds of CPU per request, as "server / postgres / load generator".</summary>
    public string PerRequest(long requests) =>
        requests <= 0
            ? "n/a"
            : string.Create(CultureInfo.InvariantCulture, $"{Server.TotalMilliseconds / requests:F2} / {Postgres.TotalMilliseconds / requests:F2} / {LoadGenerator.TotalMilliseconds / requests:F2}");

    private static (string Command, TimeSpan Time)? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            // After the command come state (field 3) ... utime (14) and stime (15): indexes 11 and 12 here.
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (stat[(open + 1)..close], TimeSpan.FromSeconds(ticks / ClockTicksPerSecond));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
