using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;

namespace CivicHub.Server.Tests.Drafts;

/// <summary>Drafts saved on the server and resumed on any channel.</summary>
public abstract class DraftApiTests(CivicHubHost host)
{
    [Fact]
    public async Task Saving_merges_answers_and_an_empty_answer_clears_a_field()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var draft = await (await staff.PostJsonAsync("/api/v1/drafts", new
        {
            citizenId,
            serviceCode = "benefits-application",
            channel = "web",
            answers = new { household_size = 4, has_children = true },
        })).JsonAsync(HttpStatusCode.Created);
        var id = draft.GetProperty("id").GetGuid();
        var saved = await (await staff.PutAsJsonAsync(Http.Url($"/api/v1/drafts/{id}"), new
        {
            channel = "web",
            answers = new Dictionary<string, object?> { ["monthly_income"] = 900, ["has_children"] = null },
        }, CivicHubHost.Json)).JsonAsync(HttpStatusCode.OK);
        var answers = saved.GetProperty("answers");
        Assert.Equal("4", answers.GetProperty("household_size").GetString());
        // The income is a sensitive field, which the contact centre may write but not read back (docs/privacy.md).
        Assert.False(answers.TryGetProperty("monthly_income", out _));
        Assert.Equal(["monthly_income"], saved.GetProperty("withheldAnswers").EnumerateArray().Select(k => k.GetString()));
        var social = await (await host.StaffClientAsync("sam")).GetJsonAsync($"/api/v1/drafts/{id}");
        Assert.Equal("900", social.GetProperty("answers").GetProperty("monthly_income").GetString());
        Assert.False(answers.TryGetProperty("has_children", out _));
        Assert.Equal(2, saved.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_save_from_a_stale_version_is_a_conflict()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var id = (await (await staff.PostJsonAsync("/api/v1/drafts", new { citizenId, serviceCode = "benefits-application", channel = "web" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await staff.PutAsJsonAsync(Http.Url($"/api/v1/drafts/{id}"), new { channel = "web", answers = new { household_size = 1 }, version = 1 }, CivicHubHost.Json))
            .JsonAsync(HttpStatusCode.OK);
        await (await staff.PutAsJsonAsync(Http.Url($"/api/v1/drafts/{id}"), new { channel = "phone", answers = new { household_size = 2 }, version = 1 }, CivicHubHost.Json))
            .ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_submitted_or_abandoned_draft_cannot_change()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var id = (await (await staff.PostJsonAsync("/api/v1/drafts", new { citizenId, serviceCode = "heating-assistance", channel = "web", answers = new { details = "Gas bill overdue" } }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await staff.PostJsonAsync($"/api/v1/drafts/{id}/submit", new { channel = "web" })).JsonAsync(HttpStatusCode.Created);
        await (await staff.PostJsonAsync($"/api/v1/drafts/{id}/submit", new { channel = "web" })).ProblemAsync(HttpStatusCode.Conflict);
        await (await staff.DeleteAsync(Http.Url($"/api/v1/drafts/{id}"))).ProblemAsync(HttpStatusCode.Conflict);

        var other = (await (await staff.PostJsonAsync("/api/v1/drafts", new { citizenId, serviceCode = "heating-assistance", channel = "web" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var abandoned = await (await staff.DeleteAsync(Http.Url($"/api/v1/drafts/{other}"))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("abandoned", abandoned.GetProperty("status").GetString());
        var open = await staff.GetJsonAsync($"/api/v1/drafts?citizenId={citizenId}");
        Assert.Empty(open.EnumerateArray());
        var all = await staff.GetJsonAsync($"/api/v1/drafts?citizenId={citizenId}&all=true");
        Assert.Equal(2, all.GetArrayLength());
    }

    [Fact]
    public async Task Unknown_drafts_are_not_found()
    {
        var staff = await host.StaffClientAsync();
        await (await staff.GetAsync(Http.Url($"/api/v1/drafts/{Guid.NewGuid()}"))).ProblemAsync(HttpStatusCode.NotFound);
        await (await staff.GetAsync(Http.Url("/api/v1/drafts"))).ProblemAsync(HttpStatusCode.BadRequest, "citizenId");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DraftApiOnSqlite(SqliteHost host) : DraftApiTests(host);

[Collection(PostgresCollection.Name)]
public sealed class DraftApiOnPostgres(PostgresHost host) : DraftApiTests(host);
