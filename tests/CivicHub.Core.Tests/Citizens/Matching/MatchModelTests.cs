using CivicHub.Core.Citizens.Matching;

namespace CivicHub.Core.Tests.Citizens.Matching;

public sealed class MatchModelTests
{
    private static readonly MatchRecord Rosa = MatchRecord.From("Rosa", "Delgado", new DateOnly(1958, 3, 14), "12", "Elm Street", "Springfield", "62701", null);

    [Theory]
    [InlineData("robert", "R163")]
    [InlineData("rupert", "R163")]
    [InlineData("ashcraft", "A261")]
    [InlineData("tymczak", "T522")]
    [InlineData("pfister", "P236")]
    [InlineData("", "")]
    public void Soundex_codes_follow_the_american_rules(string name, string code) => Assert.Equal(code, Soundex.Of(name));

    [Fact]
    public void The_same_person_with_a_typo_links_and_a_swapped_day_and_month_is_close()
    {
        var copy = MatchRecord.From("Rosa", "Delgadp", new DateOnly(1958, 3, 14), "12", "Elm St", "Springfield", "62701", null);
        var score = MatchModel.Default.Compare(Rosa, copy);
        Assert.True(score.Score >= MatchModel.Default.LinkThreshold, $"score {score.Score}");
        Assert.Equal(AgreementLevel.Close, score.Evidence.Single(e => e.Field == MatchField.FamilyName).Level);
        Assert.Equal(AgreementLevel.Close, MatchModel.Date(new DateOnly(1958, 3, 4), new DateOnly(1958, 4, 3)));
    }

    [Fact]
    public void A_name_alone_is_worth_a_review_but_not_a_link()
    {
        var score = MatchModel.Default.Compare(Rosa, MatchRecord.From("Rosa", "Delgado", null, null, null, null, null, null));
        Assert.InRange(score.Score, MatchModel.Default.ReviewThreshold, MatchModel.Default.LinkThreshold);
        Assert.True(score.Score >= MatchModel.Default.SuggestThreshold);
    }

    [Fact]
    public void Different_people_in_one_street_do_not_match()
    {
        var neighbour = MatchRecord.From("Marcus", "Bell", new DateOnly(1991, 7, 2), "14", "Elm Street", "Springfield", "62701", null);
        Assert.True(MatchModel.Default.Compare(Rosa, neighbour).Score < MatchModel.Default.ReviewThreshold);
    }

    [Fact]
    public void Records_sharing_no_blocking_key_are_never_compared()
    {
        var index = new MatchIndex<int>();
        index.Add(1, Rosa);
        index.Add(2, MatchRecord.From("Marcus", "Bell", new DateOnly(1991, 7, 2), null, null, null, "10001", null));
        Assert.Equal([1], index.Candidates(MatchRecord.From("Rosa", "Delgadoo", null, null, null, null, null, null)).Select(c => c.Id));
    }

    [Fact]
    public void Evidence_names_each_field_with_its_level_and_weight()
    {
        var json = JsonDocument.Parse(MatchModel.Default.Compare(Rosa, Rosa).ToJson()).RootElement;
        var given = json.GetProperty("fields").EnumerateArray().First(f => f.GetProperty("field").GetString() == "given_name");
        Assert.Equal("exact", given.GetProperty("level").GetString());
        Assert.True(given.GetProperty("weight").GetDouble() > 0);
    }
}
