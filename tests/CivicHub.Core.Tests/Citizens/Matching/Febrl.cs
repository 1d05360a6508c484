using System.Globalization;
using CivicHub.Core.Citizens.Matching;

namespace CivicHub.Core.Tests.Citizens.Matching;

/// <summary>Reads FEBRL person files from shared/data/febrl beside the repository (not copied into it).</summary>
public static class Febrl
{
    public sealed record Row(string Person, MatchRecord Record);

    public static string? Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "febrl");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static List<Row> Read(string name) =>
        File.ReadLines(Path.Combine(Folder() ?? throw new DirectoryNotFoundException("shared/data/febrl"), name + ".csv")).Skip(1)
            .Select(line => line.Split(',').Select(s => s.Trim()).ToArray())
            .Select(f => new Row(
                f[0].Split('-')[1],
                MatchRecord.From(f[1], f[2], DateOnly.TryParseExact(f[9], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null, f[3], f[4], f[6], f[7], f[10])))
            .ToList();
}
