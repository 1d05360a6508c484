using System.Globalization;
using CivicHub.Core.Citizens.Matching;

namespace CivicHub.Bench.Matching;

/// <summary>
/// The identity-resolution benchmarks: `quality` (FEBRL precision/recall against a baseline) and `import` (throughput
/// and memory of a database import), run as `dotnet run -c Release --project bench/CivicHub.Bench -- matching ...`.
/// </summary>
public static class MatchingBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        switch (args)
        {
            case ["quality", ..]:
                Quality();
                return 0;
            case ["sweep", ..]:
                Sweep();
                return 0;
            case ["import", ..]:
                return await ImportRun.RunAsync(
                    Option(args, "--connection") ?? "Host=127.0.0.1;Username=postgres;Password=postgres;Database=civichub_bench",
                    int.Parse(Option(args, "--existing") ?? "20000", CultureInfo.InvariantCulture),
                    int.Parse(Option(args, "--incoming") ?? "10000", CultureInfo.InvariantCulture),
                    withNationalId: !args.Contains("--no-national-id"));
            case ["import-scale", ..]:
                return await ImportRun.RunAtScaleAsync(
                    Option(args, "--connection") ?? "Host=127.0.0.1;Username=postgres;Password=postgres;Database=civichub_bench_import_scale",
                    int.Parse(Option(args, "--population") ?? "1000000", CultureInfo.InvariantCulture),
                    int.Parse(Option(args, "--incoming") ?? "100000", CultureInfo.InvariantCulture),
                    int.Parse(Option(args, "--chunk") ?? "100000", CultureInfo.InvariantCulture),
                    TimeSpan.FromSeconds(int.Parse(Option(args, "--budget") ?? "3600", CultureInfo.InvariantCulture)),
                    withNationalId: !args.Contains("--no-national-id"));
            case ["u", ..]:
                EstimateU();
                return 0;
            default:
                Console.WriteLine("usage: matching quality | matching sweep | matching u | matching import [--connection CS] [--existing N] [--incoming N] [--no-national-id] | matching import-scale [--connection CS] [--population N] [--incoming N] [--chunk N] [--budget S] [--no-national-id]");
                return 1;
        }
    }

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private static void Quality()
    {
        var model = MatchModel.Default;
        var a = FebrlData.Read("dataset4a");
        var b = FebrlData.Read("dataset4b");
        var three = FebrlData.Read("dataset3");
        Console.WriteLine($"thresholds: link {model.LinkThreshold}, review {model.ReviewThreshold}");
        Console.WriteLine(QualityRun.Fellegi("4a then 4b: Fellegi-Sunter", a, b, model));
        Console.WriteLine(QualityRun.Baseline("4a then 4b: baseline", a, b));
        Console.WriteLine(QualityRun.Fellegi("dataset3: Fellegi-Sunter", [], three, model));
        Console.WriteLine(QualityRun.Baseline("dataset3: baseline", [], three));

        // Most department lists carry no national id; the model must hold up on names, birth dates and addresses alone.
        static List<FebrlData.Row> WithoutId(List<FebrlData.Row> rows) => rows.Select(r => r with { Record = r.Record with { NationalId = null } }).ToList();
        Console.WriteLine(QualityRun.Fellegi("4a then 4b: F-S, no nat. id", WithoutId(a), WithoutId(b), model));
        Console.WriteLine(QualityRun.Fellegi("dataset3: F-S, no nat. id", [], WithoutId(three), model));
    }

    /// <summary>Precision and recall of automatic links at each link threshold, to choose the thresholds.</summary>
    private static void Sweep()
    {
        var a = FebrlData.Read("dataset4a");
        var b = FebrlData.Read("dataset4b");
        var three = FebrlData.Read("dataset3");
        foreach (var link in new[] { 12.0, 14, 16, 18, 20, 22, 24, 26 })
        {
            var model = new MatchModel(MatchModel.Default.Probabilities, link, MatchModel.Default.ReviewThreshold);
            Console.WriteLine($"link {link,4}: " + QualityRun.Fellegi("4a then 4b", a, b, model));
            Console.WriteLine($"link {link,4}: " + QualityRun.Fellegi("dataset3", [], three, model));
        }
    }

    private static void EstimateU()
    {
        var records = FebrlData.Read("dataset4a").Select(r => r.Record).ToList();
        foreach (var (field, u) in MatchModel.EstimateU(records, 200_000, new Random(42)))
        {
            Console.WriteLine($"{field,-14} u = [{string.Join(", ", u.Select(x => x.ToString("0.000000", CultureInfo.InvariantCulture)))}]");
        }
    }
}
