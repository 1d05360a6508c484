using CivicHub.Core.Citizens.Matching;

namespace CivicHub.Core.Tests.Citizens.Matching;

/// <summary>
/// A fast guard on match quality over FEBRL excerpts with known duplicates: it fails when a change to the model, its
/// thresholds or the blocking keys loses precision or recall. The full figures are in docs/matching.md.
/// </summary>
public sealed class MatchQualityTests
{
    private static (int Links, int Correct, int TruePairs) Run(IReadOnlyList<Febrl.Row> existing, IReadOnlyList<Febrl.Row> incoming)
    {
        var model = MatchModel.Default;
        var index = new MatchIndex<int>();
        var people = new List<string>();
        foreach (var row in existing)
        {
            index.Add(people.Count, row.Record);
            people.Add(row.Person);
        }

        var seen = existing.Select(r => r.Person).ToHashSet();
        int links = 0, correct = 0, truePairs = 0;
        foreach (var row in incoming)
        {
            truePairs += seen.Add(row.Person) ? 0 : 1;
            var best = index.Candidates(row.Record).Select(c => (c.Id, Score: model.Compare(row.Record, c.Record).Score)).OrderByDescending(c => c.Score).FirstOrDefault((-1, 0));
            if (best.Id >= 0 && best.Score >= model.LinkThreshold)
            {
                links++;
                correct += people[best.Id] == row.Person ? 1 : 0;
            }
            else
            {
                index.Add(people.Count, row.Record);
                people.Add(row.Person);
            }
        }

        return (links, correct, truePairs);
    }

    [Fact]
    public void Corrupted_copies_of_1500_people_link_to_their_originals_with_high_precision_and_recall()
    {
        Assert.SkipWhen(Febrl.Folder() is null, "shared/data/febrl is not beside the repository");
        var originals = Febrl.Read("dataset4a").Take(1500).ToList();
        var people = originals.Select(o => o.Person).ToHashSet();
        var copies = Febrl.Read("dataset4b").Where(r => people.Contains(r.Person)).ToList();

        var (links, correct, truePairs) = Run(originals, copies);

        Assert.Equal(1500, truePairs);
        Assert.True((double)correct / links >= 0.995, $"precision {(double)correct / links:F4}");
        Assert.True((double)correct / truePairs >= 0.98, $"recall {(double)correct / truePairs:F4}");
    }

    [Fact]
    public void Duplicates_within_one_file_are_found()
    {
        Assert.SkipWhen(Febrl.Folder() is null, "shared/data/febrl is not beside the repository");
        var rows = Febrl.Read("dataset3").Take(2000).ToList();

        var (links, correct, truePairs) = Run([], rows);

        Assert.True(truePairs > 500);
        Assert.True((double)correct / links >= 0.995, $"precision {(double)correct / links:F4}");
        Assert.True((double)correct / truePairs >= 0.97, $"recall {(double)correct / truePairs:F4}");
    }
}
