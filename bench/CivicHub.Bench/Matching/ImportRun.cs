using System.Diagnostics;
using System.Globalization;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace CivicHub.Bench.Matching;

/// <summary>
/// Import throughput and memory on a real database: N synthetic people imported into an empty database, then M
/// records (half corrupted copies of those people, half new) matched against them, with the precision and recall of
/// the automatic links. Names and streets are drawn from the FEBRL files so blocks are as crowded as real ones.
/// </summary>
public static class ImportRun
{
    public const string Header = "id,given,family,dob,phone,number,street,locality,postcode,national_id";

    public static readonly string[] Map = ["id=external_id", "given=given_name", "family=family_name", "dob=date_of_birth", "number=street_number", "national_id=national_id"];

    public static async Task<int> RunAsync(string connection, int existing, int incoming, bool withNationalId)
    {
        var febrl = FebrlData.Read("dataset4a").Concat(FebrlData.Read("dataset3")).ToList();
        var givens = febrl.Select(r => r.Record.GivenKey).OfType<string>().Distinct().ToArray();
        var families = febrl.Select(r => r.Record.FamilyKey).OfType<string>().Distinct().ToArray();
        var streets = febrl.Select(r => r.Record.Street).OfType<string>().Distinct().ToArray();
        var localities = febrl.Select(r => r.Record.Locality).OfType<string>().Distinct().ToArray();
        var random = new Random(7);
        var people = Enumerable.Range(0, existing).Select(i => Person.New(i, random, givens, families, streets, localities, withNationalId)).ToList();

        var builder = new DbContextOptionsBuilder<CivicHubDb>();
        builder.UseCivicHubDatabase(connection);
        var options = builder.Options;
        await using (var db = new CivicHubDb(options))
        {
            await db.Database.EnsureDeletedAsync();
            await db.Database.MigrateAsync();
        }

        var existingFile = Path.Combine(Path.GetTempPath(), "civichub-bench-existing.csv");
        await File.WriteAllLinesAsync(existingFile, people.Select(p => p.Row()).Prepend(Header));
        var first = await ImportAsync(options, existingFile, "bench-existing");

        var incomingRows = new List<string> { Header };
        var truth = new Dictionary<string, int>();
        for (var i = 0; i < incoming; i++)
        {
            if (i % 2 == 0)
            {
                var k = random.Next(existing);
                var copy = people[k].Corrupt(random, $"dup-{i}");
                truth[copy.Id] = k;
                incomingRows.Add(copy.Row());
            }
            else
            {
                incomingRows.Add(Person.New(existing + i, random, givens, families, streets, localities, withNationalId).Row());
            }
        }

        var incomingFile = Path.Combine(Path.GetTempPath(), "civichub-bench-incoming.csv");
        await File.WriteAllLinesAsync(incomingFile, incomingRows);
        var second = await ImportAsync(options, incomingFile, "bench-incoming");

        await using (var db = new CivicHubDb(options))
        {
            var personOf = await db.SourceRecordLinks.AsNoTracking().Where(l => l.Source == "bench-existing")
                .Select(l => new { l.CitizenId, l.SourceRecordId }).ToDictionaryAsync(l => l.CitizenId, l => int.Parse(l.SourceRecordId!, CultureInfo.InvariantCulture));
            var links = await db.SourceRecordLinks.AsNoTracking().Where(l => l.Source == "bench-incoming" && l.Decision == LinkDecision.Auto)
                .Select(l => new { l.CitizenId, l.SourceRecordId }).ToListAsync();
            var correct = links.Count(l => truth.TryGetValue(l.SourceRecordId!, out var k) && personOf.GetValueOrDefault(l.CitizenId, -1) == k);
            var precision = links.Count == 0 ? 1 : (double)correct / links.Count;
            var recall = (double)correct / truth.Count;
            Console.WriteLine($"incoming quality: links {links.Count}, correct {correct}, true {truth.Count}, precision {precision:F4}, recall {recall:F4}, "
                + $"F1 {2 * precision * recall / (precision + recall):F4}, review {second.Reviews}");
            var keys = await db.CitizenMatchKeys.CountAsync();
            Console.WriteLine($"database: {await db.Citizens.CountAsync()} citizens, {keys} blocking keys");
        }

        return 0;
    }

    /// <summary>
    /// Import at scale: a population of N citizens written directly by binary COPY (with their phones, match profiles
    /// and blocking keys, as an import would have filed them), then M incoming records imported through the same
    /// ImportCitizens path as the `import citizens` command, in imports of at most `chunk` records until the time
    /// budget is spent: 20 % exact copies of existing people (with their phone when they have one), 30 % copies with one
    /// or two slips and no phone, 50 % new people.
    /// </summary>
    public static async Task<int> RunAtScaleAsync(string connection, int population, int incoming, int chunk, TimeSpan budget, bool withNationalId)
    {
        var febrl = FebrlData.Read("dataset4a").Concat(FebrlData.Read("dataset3")).ToList();
        var givens = febrl.Select(r => r.Record.GivenKey).OfType<string>().Distinct().ToArray();
        var families = febrl.Select(r => r.Record.FamilyKey).OfType<string>().Distinct().ToArray();
        var streets = febrl.Select(r => r.Record.Street).OfType<string>().Distinct().ToArray();
        var localities = febrl.Select(r => r.Record.Locality).OfType<string>().Distinct().ToArray();
        febrl.Clear();
        Console.WriteLine($"matching import at scale: {population:N0} existing citizens, {incoming:N0} incoming in imports of {chunk:N0}, budget {budget.TotalSeconds:F0} s; "
            + $"{givens.Length} given names, {families.Length} family names, {streets.Length} streets, {localities.Length} localities (from FEBRL)");

        // Person i is drawn from its own seed, so it can be drawn again for a copy without keeping the population in memory.
        Person PersonAt(int i) => Person.New(i, new Random(unchecked((i * 7919) + 17)), givens, families, streets, localities, withNationalId);

        var builder = new DbContextOptionsBuilder<CivicHubDb>();
        builder.UseCivicHubDatabase(connection);
        var options = builder.Options;
        await using (var db = new CivicHubDb(options))
        {
            await db.Database.EnsureDeletedAsync();
            await db.Database.MigrateAsync();
        }

        var written = await PopulationCopy.WriteAsync(connection, population, PersonAt, CancellationToken.None);
        Console.WriteLine($"population: {written.Citizens:N0} citizens, {written.Phones:N0} phones, {written.Keys:N0} blocking keys written by COPY in {written.Elapsed.TotalSeconds:F0} s (indexes rebuilt, VACUUM ANALYZE)");

        var random = new Random(11);
        var truth = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var rows = new List<string>(incoming);
        for (var j = 0; j < incoming; j++)
        {
            var roll = random.NextDouble();
            if (roll < 0.2 && population > 0)
            {
                var k = random.Next(population);
                var copy = PersonAt(k) with { Id = $"exact-{j}" };
                truth[copy.Id] = PopulationCopy.CitizenIdOf(k);
                rows.Add(copy.Row());
            }
            else if (roll < 0.5 && population > 0)
            {
                var k = random.Next(population);
                var copy = PersonAt(k).Corrupt(random, $"dup-{j}");
                truth[copy.Id] = PopulationCopy.CitizenIdOf(k);
                rows.Add(copy.Row());
            }
            else
            {
                rows.Add((PersonAt(population + j) with { Id = $"new-{j}" }).Row());
            }
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        ResetPeakMemory();
        var before = MemoryUsage.Of(Environment.ProcessId);
        Console.WriteLine($"before the import: {before.CurrentMiB} resident, managed heap {GC.GetTotalMemory(false) / 1024 / 1024} MiB (peak reset)");
        var clock = Stopwatch.StartNew();
        int processed = 0, linked = 0, reviews = 0, created = 0, failed = 0;
        for (var offset = 0; offset < rows.Count && clock.Elapsed < budget; offset += chunk)
        {
            var file = Path.Combine(Path.GetTempPath(), "civichub-bench-scale-incoming.csv");
            await File.WriteAllLinesAsync(file, rows.Skip(offset).Take(chunk).Prepend(Header));
            var result = await ImportAsync(options, file, "bench-scale");
            processed += result.Processed;
            linked += result.Linked;
            reviews += result.Reviews;
            created += result.Created;
            failed += result.Failed;
        }

        clock.Stop();
        var after = MemoryUsage.Of(Environment.ProcessId);
        await using (var db = new CivicHubDb(options))
        {
            var links = await db.SourceRecordLinks.AsNoTracking().Where(l => l.Source == "bench-scale" && l.Decision == LinkDecision.Auto)
                .Select(l => new { l.CitizenId, l.SourceRecordId }).ToListAsync();
            var correct = links.Count(l => truth.TryGetValue(l.SourceRecordId!, out var id) && id == l.CitizenId);
            var imported = await db.SourceRecordLinks.AsNoTracking().Where(l => l.Source == "bench-scale").Select(l => l.SourceRecordId!).ToListAsync();
            var trueImported = imported.Count(truth.ContainsKey);
            var exact = imported.Count(i => i.StartsWith("exact-", StringComparison.Ordinal));
            Console.WriteLine($"total: {processed:N0} records in {clock.Elapsed.TotalSeconds:F1} s = {processed / clock.Elapsed.TotalSeconds:F0} records/s; linked {linked:N0}, review {reviews:N0}, new {created:N0}, refused {failed:N0}");
            Console.WriteLine($"quality: {exact:N0} exact and {trueImported - exact:N0} slipped copies among them; auto links {links.Count:N0}, correct {correct:N0} "
                + $"(precision {(links.Count == 0 ? 1 : (double)correct / links.Count):F4}, recall {(trueImported == 0 ? 1 : (double)correct / trueImported):F4})");
            Console.WriteLine($"memory of this process during the import: peak {after.PeakMiB} (VmHWM since the reset), now {after.CurrentMiB}, managed heap {GC.GetTotalMemory(false) / 1024 / 1024} MiB");
            Console.WriteLine($"database: {await db.Citizens.CountAsync():N0} citizens, {await db.CitizenMatchKeys.CountAsync():N0} blocking keys");
        }

        return 0;
    }

    /// <summary>Resets this process's VmHWM (Linux: writing 5 to clear_refs), so the peak seen next is the import's own.</summary>
    private static void ResetPeakMemory()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException e)
        {
            Console.WriteLine($"(could not reset the peak memory: {e.Message})");
        }
        catch (UnauthorizedAccessException e)
        {
            Console.WriteLine($"(could not reset the peak memory: {e.Message})");
        }
    }

    private static async Task<CitizenImport> ImportAsync(DbContextOptions<CivicHubDb> options, string file, string source)
    {
        await using var db = new CivicHubDb(options);
        var import = new ImportCitizens(db, new IdentityNormalizer(), TimeProvider.System, NullLogger<ImportCitizens>.Instance);
        var actor = new CivicHub.Core.Access.Actor(CivicHub.Core.Access.ActorKind.System, "bench", "Bench");
        var started = await import.StartAsync(new ImportCitizens.Request(source, Map), Header, actor, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        using var reader = new StreamReader(file);
        var result = await import.RunAsync(started.Value!.Id, reader, new Reporter(), CancellationToken.None);
        clock.Stop();
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024;
        Console.WriteLine($"{source}: {result.Processed} records in {clock.Elapsed.TotalSeconds:F1} s = {result.Processed / clock.Elapsed.TotalSeconds:F0} records/s; "
            + $"linked {result.Linked}, review {result.Reviews}, new {result.Created}, refused {result.Failed}; peak working set {peak} MiB, managed heap {GC.GetTotalMemory(false) / 1024 / 1024} MiB");
        return result;
    }

    private sealed class Reporter : IProgress<ImportProgress>
    {
        private readonly Stopwatch _since = Stopwatch.StartNew();

        public void Report(ImportProgress value)
        {
            if (_since.Elapsed > TimeSpan.FromSeconds(10))
            {
                _since.Restart();
                Console.WriteLine($"  {value.Processed,9:N0} records {value.RecordsPerSecond,7:N0}/s linked {value.Linked:N0} review {value.Reviews:N0} new {value.Created:N0}");
            }
        }
    }

    internal sealed record Person(string Id, string Given, string Family, DateOnly Dob, string? Phone, string Number, string Street, string Locality, string Postcode, string? NationalId)
    {
        public static Person New(int i, Random random, string[] givens, string[] families, string[] streets, string[] localities, bool withNationalId) => new(
            i.ToString(CultureInfo.InvariantCulture),
            givens[random.Next(givens.Length)],
            families[random.Next(families.Length)],
            new DateOnly(1920, 1, 1).AddDays(random.Next(365 * 85)),
            random.Next(10) < 3 ? $"+1312{200 + (i / 10_000) % 800}{i % 10_000:D4}" : null,
            random.Next(1, 300).ToString(CultureInfo.InvariantCulture),
            streets[random.Next(streets.Length)],
            localities[random.Next(localities.Length)],
            random.Next(2000, 8000).ToString(CultureInfo.InvariantCulture),
            withNationalId ? random.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture) : null);

        /// <summary>The same person as another department typed them: one or two slips, and no phone.</summary>
        public Person Corrupt(Random random, string id)
        {
            var copy = this with { Id = id, Phone = null };
            for (var slips = random.Next(1, 3); slips > 0; slips--)
            {
                copy = random.Next(6) switch
                {
                    0 => copy with { Family = Typo(copy.Family, random) },
                    1 => copy with { Given = Typo(copy.Given, random) },
                    2 when copy.Dob.Day <= 12 => copy with { Dob = new DateOnly(copy.Dob.Year, copy.Dob.Day, copy.Dob.Month) },
                    3 => copy with { Number = (int.Parse(copy.Number, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture) },
                    4 => copy with { Street = Typo(copy.Street, random) },
                    _ => copy with { Postcode = copy.Postcode[..3] + random.Next(10).ToString(CultureInfo.InvariantCulture) },
                };
            }

            return copy;
        }

        private static string Typo(string value, Random random)
        {
            if (value.Length < 3)
            {
                return value;
            }

            var chars = value.ToCharArray();
            chars[random.Next(1, chars.Length)] = (char)('a' + random.Next(26));
            return new string(chars);
        }

        public string Row() => string.Join(',', Id, Given, Family, Dob.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Phone, Number, Street, Locality, Postcode, NationalId);
    }
}
