using System.Globalization;
using CivicHub.Core.Citizens.Matching;

namespace CivicHub.Bench.Matching;

/// <summary>Reads the FEBRL synthetic person files from shared/data/febrl beside the repository.</summary>
public static class FebrlData
{
    public sealed record Row(string RecId, string Person, MatchRecord Record, string? RawDate);

    public static string Folder()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", "febrl");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("shared/data/febrl was not found above " + AppContext.BaseDirectory);
    }

    public static string PathOf(string name) => Path.Combine(Folder(), name + ".csv");

    /// <summary>rec-12-org and rec-12-dup-0 are the same person, "12".</summary>
    public static string PersonOf(string recId) => recId.Split('-')[1];

    public static List<Row> Read(string name)
    {
        var rows = new List<Row>();
        foreach (var line in File.ReadLines(PathOf(name)).Skip(1))
        {
            var f = line.Split(',').Select(s => s.Trim()).ToArray();
            DateOnly? dob = DateOnly.TryParseExact(f[9], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
            var record = MatchRecord.From(f[1], f[2], dob, f[3], f[4], f[6], f[7], f[10]);
            rows.Add(new Row(f[0], PersonOf(f[0]), record, f[9]));
        }

        return rows;
    }
}
