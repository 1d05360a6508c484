using CivicHub.Core.Citizens.Matching;

namespace CivicHub.Bench.Matching;

/// <summary>Precision and recall of automatic links against FEBRL's known duplicates, in memory.</summary>
public static class QualityRun
{
    public sealed record Result(string Name, int Records, int TruePairs, int AutoLinks, int CorrectLinks, int Reviews, int ReviewsTrue, int Comparisons)
    {
        public double Precision => AutoLinks == 0 ? 1 : (double)CorrectLinks / AutoLinks;

        public double Recall => TruePairs == 0 ? 1 : (double)CorrectLinks / TruePairs;

        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

        public override string ToString() =>
            $"{Name,-28} records {Records,6}  true {TruePairs,5}  links {AutoLinks,5}  precision {Precision:F4}  recall {Recall:F4}  F1 {F1:F4}  review {Reviews,4} ({ReviewsTrue} true)  comparisons {Comparisons}";
    }

    /// <summary>
    /// Files each record in turn: linked to the best earlier record above the link threshold, sent to review between
    /// the thresholds, else kept as a new person. A link is correct when both rows name the same FEBRL person.
    /// </summary>
    public static Result Fellegi(string name, IReadOnlyList<FebrlData.Row> existing, IReadOnlyList<FebrlData.Row> incoming, MatchModel model)
    {
        var index = new MatchIndex<int>();
        var people = new List<string>();
        foreach (var row in existing)
        {
            index.Add(people.Count, row.Record);
            people.Add(row.Person);
        }

        int links = 0, correct = 0, reviews = 0, reviewsTrue = 0, comparisons = 0;
        foreach (var row in incoming)
        {
            var best = (Id: -1, Score: double.MinValue);
            foreach (var (id, record) in index.Candidates(row.Record))
            {
                comparisons++;
                var score = model.Compare(row.Record, record).Score;
                if (score > best.Score)
                {
                    best = (id, score);
                }
            }

            if (best.Id >= 0 && best.Score >= model.LinkThreshold)
            {
                links++;
                correct += people[best.Id] == row.Person ? 1 : 0;
                continue;
            }

            if (best.Id >= 0 && best.Score >= model.ReviewThreshold)
            {
                reviews++;
                reviewsTrue += people[best.Id] == row.Person ? 1 : 0;
            }

            index.Add(people.Count, row.Record);
            people.Add(row.Person);
        }

        return new Result(name, existing.Count + incoming.Count, TruePairs(existing, incoming), links, correct, reviews, reviewsTrue, comparisons);
    }

    /// <summary>The plain rule many teams start with: same folded given name, family name and date of birth.</summary>
    public static Result Baseline(string name, IReadOnlyList<FebrlData.Row> existing, IReadOnlyList<FebrlData.Row> incoming)
    {
        var seen = new Dictionary<(string?, string?, DateOnly?), string>();
        foreach (var row in existing)
        {
            seen.TryAdd(Key(row), row.Person);
        }

        int links = 0, correct = 0;
        foreach (var row in incoming)
        {
            if (row.Record.GivenKey is not null && row.Record.FamilyKey is not null && row.Record.DateOfBirth is not null && seen.TryGetValue(Key(row), out var person))
            {
                links++;
                correct += person == row.Person ? 1 : 0;
            }
            else
            {
                seen.TryAdd(Key(row), row.Person);
            }
        }

        return new Result(name, existing.Count + incoming.Count, TruePairs(existing, incoming), links, correct, 0, 0, 0);
    }

    private static (string?, string?, DateOnly?) Key(FebrlData.Row row) => (row.Record.GivenKey, row.Record.FamilyKey, row.Record.DateOfBirth);

    /// <summary>
    /// The links a perfect matcher would make: every incoming row whose person appeared earlier (in the existing rows or
    /// earlier in the incoming ones) is one link.
    /// </summary>
    private static int TruePairs(IReadOnlyList<FebrlData.Row> existing, IReadOnlyList<FebrlData.Row> incoming)
    {
        var seen = existing.Select(r => r.Person).ToHashSet();
        var pairs = 0;
        foreach (var row in incoming)
        {
            if (!seen.Add(row.Person))
            {
                pairs++;
            }
        }

        return pairs;
    }
}
