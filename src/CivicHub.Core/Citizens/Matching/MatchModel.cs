using F23.StringSimilarity;

namespace CivicHub.Core.Citizens.Matching;

/// <summary>
/// The Fellegi-Sunter model: for each field and agreement level, m (the chance of that agreement when two records are
/// the same person) and u (the chance when they are not). A pair's score is the sum of log2(m/u) over its fields;
/// above <see cref="LinkThreshold"/> it links, between the two thresholds a member of staff decides, below it the
/// record is a new person. The u values were estimated from random pairs of FEBRL records and m is a documented prior
/// (docs/matching.md); <see cref="EstimateU"/> re-estimates u from any population.
/// </summary>
public sealed class MatchModel
{
    /// <summary>The score given to a deterministic match on a normalised identity.</summary>
    public const double ExactIdentityScore = 99;

    private static readonly JaroWinkler Jaro = new();

    private readonly Dictionary<(MatchField, AgreementLevel), double> _weights = [];

    public MatchModel(IReadOnlyDictionary<MatchField, (double[] M, double[] U)> probabilities, double linkThreshold, double reviewThreshold)
    {
        Probabilities = probabilities;
        LinkThreshold = linkThreshold;
        ReviewThreshold = reviewThreshold;
        foreach (var (field, (m, u)) in probabilities)
        {
            for (var level = 0; level < 4; level++)
            {
                _weights[(field, (AgreementLevel)level)] = Math.Log2(Math.Max(m[level], 1e-6) / Math.Max(u[level], 1e-6));
            }
        }
    }

    /// <summary>m and u per field, indexed by <see cref="AgreementLevel"/> (Exact, Close, Partial, Disagree).</summary>
    public IReadOnlyDictionary<MatchField, (double[] M, double[] U)> Probabilities { get; }

    public double LinkThreshold { get; }

    public double ReviewThreshold { get; }

    /// <summary>Below this an intake suggestion is not worth an agent's glance; a name alone scores about 12.</summary>
    public double SuggestThreshold { get; init; } = 8;

    public static MatchModel Default { get; } = new(
        new Dictionary<MatchField, (double[] M, double[] U)>
        {
            //                                  exact  close  partial disagree
            [MatchField.GivenName] = ([0.86, 0.06, 0.03, 0.05], [0.0045, 0.0007, 0.0022, 0.9926]),
            [MatchField.FamilyName] = ([0.86, 0.06, 0.03, 0.05], [0.0048, 0.0001, 0.0008, 0.9943]),
            [MatchField.DateOfBirth] = ([0.86, 0.09, 0.0, 0.05], [0.00003, 0.001, 0.0, 0.999]),
            [MatchField.StreetNumber] = ([0.88, 0.0, 0.0, 0.12], [0.014, 0.0, 0.0, 0.986]),
            [MatchField.Street] = ([0.82, 0.1, 0.03, 0.05], [0.0005, 0.00005, 0.0026, 0.9968]),
            [MatchField.Locality] = ([0.84, 0.08, 0.03, 0.05], [0.001, 0.00015, 0.001, 0.9978]),
            [MatchField.Postcode] = ([0.86, 0.09, 0.0, 0.05], [0.001, 0.0126, 0.0, 0.9864]),
            [MatchField.NationalId] = ([0.86, 0.09, 0.0, 0.05], [0.000001, 0.00001, 0.0, 0.999989]),
        },
        linkThreshold: 20,
        reviewThreshold: 10);

    public double Weight(MatchField field, AgreementLevel level) =>
        level == AgreementLevel.Missing ? 0 : _weights.GetValueOrDefault((field, level));

    public MatchScore Compare(MatchRecord a, MatchRecord b)
    {
        var evidence = new List<FieldEvidence>(8);
        var total = 0.0;
        void Add(MatchField field, AgreementLevel level)
        {
            var weight = Weight(field, level);
            total += weight;
            evidence.Add(new FieldEvidence(field, level, weight));
        }

        Add(MatchField.GivenName, Text(a.GivenKey, b.GivenKey));
        Add(MatchField.FamilyName, Text(a.FamilyKey, b.FamilyKey));
        Add(MatchField.DateOfBirth, Date(a.DateOfBirth, b.DateOfBirth));
        Add(MatchField.NationalId, Code(a.NationalId, b.NationalId));
        Add(MatchField.StreetNumber, Equal(a.StreetNumber, b.StreetNumber));
        Add(MatchField.Street, Text(a.Street, b.Street));
        Add(MatchField.Locality, Text(a.Locality, b.Locality));
        Add(MatchField.Postcode, Code(a.Postcode, b.Postcode));

        // Street, locality and postcode are far from independent (a street nearly fixes the other two), and a whole
        // household shares them: their agreement counts as one piece of evidence, scaled down to AddressCap.
        var address = evidence.Skip(4).ToList();
        var positive = address.Where(e => e.Weight > 0).Sum(e => e.Weight);
        if (positive > AddressCap)
        {
            var factor = AddressCap / positive;
            evidence = [.. evidence.Take(4), .. address.Select(e => e.Weight > 0 ? e with { Weight = e.Weight * factor } : e)];
            total -= positive - AddressCap;
        }

        return new MatchScore(total, evidence);
    }

    /// <summary>The most that agreeing address fields add together.</summary>
    public double AddressCap { get; init; } = 12;

    /// <summary>Jaro-Winkler bands: 0.94 and above is a slip of one letter, 0.85 a looser likeness.</summary>
    public static AgreementLevel Text(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return AgreementLevel.Missing;
        }

        if (a == b)
        {
            return AgreementLevel.Exact;
        }

        var similarity = Jaro.Similarity(a, b);
        return similarity >= 0.94 ? AgreementLevel.Close : similarity >= 0.85 ? AgreementLevel.Partial : AgreementLevel.Disagree;
    }

    public static AgreementLevel Equal(string? a, string? b) =>
        a is null || b is null ? AgreementLevel.Missing : a == b ? AgreementLevel.Exact : AgreementLevel.Disagree;

    /// <summary>Codes and numbers: one mistyped or two swapped neighbouring characters count as close.</summary>
    public static AgreementLevel Code(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return AgreementLevel.Missing;
        }

        return a == b ? AgreementLevel.Exact : OneSlip(a, b) ? AgreementLevel.Close : AgreementLevel.Disagree;
    }

    /// <summary>Dates: one mistyped digit, or day and month swapped, count as close.</summary>
    public static AgreementLevel Date(DateOnly? a, DateOnly? b)
    {
        if (a is not { } x || b is not { } y)
        {
            return AgreementLevel.Missing;
        }

        if (x == y)
        {
            return AgreementLevel.Exact;
        }

        var swapped = x.Year == y.Year && x.Month == y.Day && x.Day == y.Month;
        return swapped || OneSlip(x.ToString("yyyyMMdd", null), y.ToString("yyyyMMdd", null)) ? AgreementLevel.Close : AgreementLevel.Disagree;
    }

    private static bool OneSlip(string a, string b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        var differences = new List<int>(3);
        for (var i = 0; i < a.Length && differences.Count <= 2; i++)
        {
            if (a[i] != b[i])
            {
                differences.Add(i);
            }
        }

        return differences.Count == 1
            || (differences.Count == 2 && differences[1] == differences[0] + 1 && a[differences[0]] == b[differences[1]] && a[differences[1]] == b[differences[0]]);
    }

    /// <summary>
    /// Estimates u for every field and level from random pairs, which are almost all of different people: the share of
    /// random pairs at each agreement level is the chance of that agreement by coincidence.
    /// </summary>
    public static IReadOnlyDictionary<MatchField, double[]> EstimateU(IReadOnlyList<MatchRecord> records, int pairs, Random random)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(random);
        var counts = Enum.GetValues<MatchField>().ToDictionary(f => f, _ => new double[4]);
        var compared = Enum.GetValues<MatchField>().ToDictionary(f => f, _ => 0);
        for (var i = 0; i < pairs; i++)
        {
            var a = records[random.Next(records.Count)];
            var b = records[random.Next(records.Count)];
            if (ReferenceEquals(a, b))
            {
                continue;
            }

            foreach (var evidence in Default.Compare(a, b).Evidence.Where(e => e.Level != AgreementLevel.Missing))
            {
                counts[evidence.Field][(int)evidence.Level]++;
                compared[evidence.Field]++;
            }
        }

        return counts.ToDictionary(c => c.Key, c => c.Value.Select(n => compared[c.Key] == 0 ? 0 : n / compared[c.Key]).ToArray());
    }
}
