using CivicHub.Core.Access;
using CivicHub.Core.Citizens;
using CivicHub.Core.Drafts;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Journeys;

/// <summary>
/// The product's seed example: started online, finished by phone, followed up by text, one case and one timeline,
/// and nobody types the citizen's details twice.
/// </summary>
public abstract class CrossChannelJourneyTests(CivicHubHost host)
{
    [Fact]
    public async Task Benefits_application_started_online_is_finished_by_phone_and_a_text_lands_on_the_same_case()
    {
        var setup = await host.StaffClientAsync("morgan");
        var (citizenId, phone, email) = await setup.NewCitizenAsync("Marcus", "Johnson");

        // 11 p.m., the portal: Marcus starts the benefits application and saves it half done.
        // (The portal calls the same use case in-process; the citizen is the actor.)
        var marcus = new Actor(ActorKind.Citizen, citizenId.ToString(), "Marcus Johnson");
        var draft = await host.InScopeAsync(sp => sp.GetRequiredService<DraftActions>().StartAsync(
            new DraftActions.StartRequest(citizenId, "benefits-application", Channel.Web, new Dictionary<string, JsonElement>
            {
                ["household_size"] = JsonSerializer.SerializeToElement(3),
            }),
            marcus,
            CancellationToken.None));
        Assert.True(draft.Succeeded, draft.Problem?.Detail);
        var draftId = draft.Value!.Id;

        // Next morning he phones. Dana finds him by the caller's number, written the way the phone system shows it.
        var dana = await host.StaffClientAsync("dana");
        var found = await dana.GetJsonAsync($"/api/v1/citizens?phone={Uri.EscapeDataString(Http.E164(phone))}");
        var match = Assert.Single(found.EnumerateArray());
        Assert.Equal(citizenId, match.GetProperty("id").GetGuid());

        // The 360 view shows the draft; the draft view shows what his record already answers.
        var overview = await dana.GetJsonAsync($"/api/v1/citizens/{citizenId}");
        var draftSummary = Assert.Single(overview.GetProperty("drafts").EnumerateArray());
        Assert.Equal(draftId, draftSummary.GetProperty("id").GetGuid());
        Assert.Equal("web", draftSummary.GetProperty("startedOn").GetString());
        var opened = await dana.GetJsonAsync($"/api/v1/drafts/{draftId}");
        Assert.Equal("Marcus Johnson", opened.GetProperty("prefilled").GetProperty("applicant_name").GetString());
        Assert.Equal("1990-05-17", opened.GetProperty("prefilled").GetProperty("date_of_birth").GetString());
        Assert.Contains("12 Elm Street", opened.GetProperty("prefilled").GetProperty("home_address").GetString(), StringComparison.Ordinal);
        var missing = opened.GetProperty("missing").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Equal(["monthly_income", "employment_status"], missing);

        // Dana completes it with him on the phone: only what is missing is asked.
        var saved = await (await dana.PutAsJsonAsync(Http.Url($"/api/v1/drafts/{draftId}"), new
        {
            channel = "phone",
            answers = new Dictionary<string, object> { ["monthly_income"] = 1850, ["employment_status"] = "employed" },
            version = opened.GetProperty("version").GetInt32(),
        }, CivicHubHost.Json)).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(saved.GetProperty("missing").EnumerateArray());
        var submitted = await (await dana.PostJsonAsync($"/api/v1/drafts/{draftId}/submit", new { channel = "phone" })).JsonAsync(HttpStatusCode.Created);
        var reference = submitted.GetProperty("case").GetProperty("reference").GetString()!;

        // The case carries the answers from his record and from both channels.
        var @case = await dana.GetJsonAsync($"/api/v1/cases/{reference}");
        var answers = @case.GetProperty("answers");
        Assert.Equal("Marcus Johnson", answers.GetProperty("applicant_name").GetString());
        Assert.Equal("3", answers.GetProperty("household_size").GetString());
        // The income is a sensitive field: the contact centre sees it named as withheld, Social Services sees it.
        Assert.Contains("monthly_income", @case.GetProperty("withheldAnswers").EnumerateArray().Select(k => k.GetString()));
        var social = await (await host.StaffClientAsync("sam")).GetJsonAsync($"/api/v1/cases/{reference}");
        Assert.Equal("1850", social.GetProperty("answers").GetProperty("monthly_income").GetString());
        Assert.Equal(Http.E164(phone), answers.GetProperty("phone").GetString());
        Assert.Equal(email, answers.GetProperty("email").GetString());
        Assert.Equal("SOCIAL", @case.GetProperty("department").GetProperty("code").GetString());

        // Later he texts a question from the same number, quoting the reference in lower case.
        var text = await host.InScopeAsync(sp => sp.GetRequiredService<IntakePipeline>().ReceiveAsync(
            new InboundContact(Channel.Sms, IdentityKind.Phone, Http.E164(phone), $"Hi, any news on {reference.ToLowerInvariant()}? Thanks", DateTime.UtcNow.AddSeconds(1))
            {
                To = "+12175550311",
                ExternalId = $"SM{Guid.NewGuid():N}",
            },
            CancellationToken.None));
        Assert.True(text.Succeeded, text.Problem?.Detail);
        Assert.Equal(reference, text.Value!.CaseReference);
        Assert.Equal(citizenId, text.Value.CitizenId);
        Assert.Equal(Threading.CaseReference, text.Value.Threading);

        // The case's timeline shows web, phone and SMS in order; no second citizen was created.
        var timeline = await dana.GetJsonAsync($"/api/v1/cases/{reference}/timeline");
        var channels = timeline.GetProperty("items").EnumerateArray().Reverse().Select(i => i.GetProperty("channel").GetString()).ToList();
        Assert.Equal(["web", "phone", "phone", "sms"], channels);
        var same = await dana.GetJsonAsync($"/api/v1/citizens?phone={Uri.EscapeDataString(phone)}");
        Assert.Single(same.EnumerateArray());
        var after = await dana.GetJsonAsync($"/api/v1/citizens/{citizenId}");
        Assert.Empty(after.GetProperty("drafts").EnumerateArray());
        Assert.Contains(after.GetProperty("openCases").EnumerateArray(), c => c.GetProperty("reference").GetString() == reference);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CrossChannelJourneyOnSqlite(SqliteHost host) : CrossChannelJourneyTests(host);

[Collection(PostgresCollection.Name)]
public sealed class CrossChannelJourneyOnPostgres(PostgresHost host) : CrossChannelJourneyTests(host);
