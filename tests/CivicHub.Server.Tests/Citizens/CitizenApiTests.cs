using CivicHub.Core.Interactions;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Tests.Citizens;

/// <summary>Finding citizens however the agent knows them, and the 360 view.</summary>
public abstract class CitizenApiTests(CivicHubHost host)
{
    [Fact]
    public async Task Citizen_is_found_by_phone_in_any_format_by_email_in_any_case_and_by_name()
    {
        var staff = await host.StaffClientAsync();
        var (id, phone, email) = await staff.NewCitizenAsync("Guadalupe", "Zamora-Ybarra");

        foreach (var query in new[]
        {
            $"phone={Uri.EscapeDataString(Http.E164(phone))}",
            $"phone={Uri.EscapeDataString(new string(phone.Where(char.IsDigit).ToArray())[1..])}",
            $"email={Uri.EscapeDataString(email.ToUpperInvariant())}",
            "q=guadalupe%20zamora",
            "q=ZAMORA",
            $"q={Uri.EscapeDataString(phone)}",
        })
        {
            var found = await staff.GetJsonAsync($"/api/v1/citizens?{query}");
            Assert.Contains(found.EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        }
    }

    [Fact]
    public async Task Citizen_is_found_by_a_case_reference()
    {
        var staff = await host.StaffClientAsync();
        var (id, _, _) = await staff.NewCitizenAsync();
        var created = await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId = id, channel = "phone", description = "Question about recycling days" }))
            .JsonAsync(HttpStatusCode.Created);
        var reference = created.GetProperty("reference").GetString()!;
        var found = await staff.GetJsonAsync($"/api/v1/citizens?q={reference.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant()}");
        Assert.Equal(id, Assert.Single(found.EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task The_360_view_holds_profile_identities_cases_and_timeline_in_one_call()
    {
        var staff = await host.StaffClientAsync();
        var (id, phone, email) = await staff.NewCitizenAsync("Rosa", "Mendez");
        await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId = id, channel = "phone", description = "Llamada sobre el plan de pagos", serviceCode = "tax-bill-question", answers = new { details = "Plan de pagos" } }))
            .JsonAsync(HttpStatusCode.Created);

        var view = await staff.GetJsonAsync($"/api/v1/citizens/{id}");
        Assert.Equal("Rosa Mendez", view.GetProperty("citizen").GetProperty("displayName").GetString());
        Assert.Equal(["sms", "email"], view.GetProperty("citizen").GetProperty("preferredChannels").EnumerateArray().Select(c => c.GetString()));
        var identities = view.GetProperty("identities").EnumerateArray().ToList();
        Assert.Contains(identities, i => i.GetProperty("kind").GetString() == "phone" && i.GetProperty("value").GetString() == Http.E164(phone));
        Assert.Contains(identities, i => i.GetProperty("kind").GetString() == "email" && i.GetProperty("value").GetString() == email);
        var open = Assert.Single(view.GetProperty("openCases").EnumerateArray());
        Assert.Equal("tax-bill-question", open.GetProperty("serviceCode").GetString());
        var recent = Assert.Single(view.GetProperty("recentTimeline").GetProperty("items").EnumerateArray());
        Assert.Equal("phone", recent.GetProperty("channel").GetString());
        Assert.Equal(open.GetProperty("reference").GetString(), recent.GetProperty("caseReference").GetString());
    }

    [Fact]
    public async Task The_360_view_shows_addresses_demographics_past_cases_drafts_and_the_first_timeline_page()
    {
        var staff = await host.StaffClientAsync();
        var phone = Http.NewPhone();
        var created = await (await staff.PostJsonAsync("/api/v1/citizens", new
        {
            givenName = "Ana",
            familyName = "Ruiz",
            dateOfBirth = "1984-02-29",
            preferredChannels = new[] { "email", "phone" },
            phones = new[] { phone },
            addresses = new object[]
            {
                new { kind = "mailing", line1 = "PO Box 7", city = "Springfield", region = "IL", postalCode = "62705" },
                new { line1 = "4 Oak Lane", line2 = "Apt 2", city = "Springfield", region = "IL", postalCode = "62702" },
            },
            demographics = new { ageBand = "35-44", accessibilityNeeds = new[] { "large-print" }, district = "North" },
        })).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var resolved = (await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId = id, channel = "web", description = "Missed pickup on Monday" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString();
        await (await staff.PostJsonAsync($"/api/v1/cases/{resolved}/status", new { status = "resolved" })).JsonAsync(HttpStatusCode.OK);
        var open = (await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId = id, channel = "phone", description = "Pothole outside number 4" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString();
        await (await staff.PostJsonAsync("/api/v1/drafts", new { citizenId = id, serviceCode = "benefits-application", channel = "web" }))
            .JsonAsync(HttpStatusCode.Created);
        for (var i = 0; i < Timeline.DefaultPageSize; i++)
        {
            await (await staff.PostJsonAsync("/api/v1/interactions", new { citizenId = id, channel = "mail", body = $"Letter {i}" }))
                .JsonAsync(HttpStatusCode.Created);
        }

        var view = await staff.GetJsonAsync($"/api/v1/citizens/{id}");

        var citizen = view.GetProperty("citizen");
        Assert.Equal("1984-02-29", citizen.GetProperty("dateOfBirth").GetString());
        Assert.Equal(["email", "phone"], citizen.GetProperty("preferredChannels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["mailing:PO Box 7:", "home:4 Oak Lane:Apt 2"], citizen.GetProperty("addresses").EnumerateArray()
            .Select(a => $"{a.GetProperty("kind").GetString()}:{a.GetProperty("line1").GetString()}:{a.GetProperty("line2").GetString()}"));
        Assert.Equal("North", citizen.GetProperty("demographics").GetProperty("district").GetString());
        Assert.Equal(["large-print"], citizen.GetProperty("demographics").GetProperty("accessibilityNeeds").EnumerateArray().Select(n => n.GetString()));
        var stored = await host.InDbAsync(db => db.Citizens.Where(c => c.Id == id).Select(c => c.CreatedAt).SingleAsync());
        Assert.Equal(JsonSerializer.SerializeToElement(stored).GetString(), citizen.GetProperty("createdAt").GetString());
        Assert.Equal(Http.E164(phone), Assert.Single(view.GetProperty("identities").EnumerateArray()).GetProperty("value").GetString());
        Assert.Equal(open, Assert.Single(view.GetProperty("openCases").EnumerateArray()).GetProperty("reference").GetString());
        var past = Assert.Single(view.GetProperty("pastCases").EnumerateArray());
        Assert.Equal((resolved, "resolved"), (past.GetProperty("reference").GetString(), past.GetProperty("status").GetString()));
        Assert.Equal("benefits-application", Assert.Single(view.GetProperty("drafts").EnumerateArray()).GetProperty("serviceCode").GetString());

        // The view's first page is the timeline endpoint's first page, cursor included.
        var recent = view.GetProperty("recentTimeline");
        var timeline = await staff.GetJsonAsync($"/api/v1/citizens/{id}/timeline");
        Assert.Equal(timeline.GetRawText(), recent.GetRawText());
        Assert.Equal(Timeline.DefaultPageSize, recent.GetProperty("items").GetArrayLength());
        var rest = await staff.GetJsonAsync($"/api/v1/citizens/{id}/timeline?cursor={recent.GetProperty("nextCursor").GetString()}");
        var older = rest.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, older.Count); // the draft's start, the open case's call, the resolved case's web form
        Assert.Equal("Missed pickup on Monday", older[^1].GetProperty("body").GetString());
    }

    [Fact]
    public async Task An_identity_that_belongs_to_someone_else_is_a_conflict_and_creates_nothing()
    {
        var staff = await host.StaffClientAsync();
        var (id, phone, _) = await staff.NewCitizenAsync();
        var before = await host.RowCountsAsync();
        var response = await staff.PostJsonAsync("/api/v1/citizens", new { givenName = "Other", familyName = "Person", phones = new[] { Http.E164(phone) } });
        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(id.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Theory]
    [InlineData("""{"givenName":"A","familyName":"B","phones":["12"]}""", "phones[0]")]
    [InlineData("""{"givenName":"A","familyName":"B","emails":["not-an-email"]}""", "emails[0]")]
    [InlineData("""{"givenName":"","familyName":"B"}""", "givenName")]
    [InlineData("""{"givenName":"A","familyName":"B","dateOfBirth":"2999-01-01"}""", "dateOfBirth")]
    [InlineData("""{"givenName":"A","familyName":"B","dateOfBirth":"31/12/1990"}""", "dateOfBirth")]
    [InlineData("""{"givenName":"A","familyName":"B","preferredLanguage":"klingon-xx-yy"}""", "preferredLanguage")]
    [InlineData("""{"givenName":"A","familyName":"B","preferredChannels":["pigeon"]}""", "preferredChannels[0]")]
    [InlineData("""{"givenName":"A","familyName":"B","addresses":[{"line1":"1 Main"}]}""", "addresses[0].city")]
    [InlineData("""{"givenName":"A","familyName":"B","demographics":{"ageBand":"ancient"}}""", "demographics.ageBand")]
    public async Task Bad_citizen_input_names_the_field_and_creates_nothing(string body, string field)
    {
        var staff = await host.StaffClientAsync();
        var before = await host.RowCountsAsync();
        await (await staff.PostRawAsync("/api/v1/citizens", body)).ProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Theory]
    [InlineData("/api/v1/citizens", "q")]
    [InlineData("/api/v1/citizens?phone=abc", "phone")]
    [InlineData("/api/v1/citizens?email=nope", "email")]
    public async Task Bad_searches_name_the_field(string path, string field)
    {
        var staff = await host.StaffClientAsync();
        await (await staff.GetAsync(Http.Url(path))).ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Unknown_citizen_is_not_found()
    {
        var staff = await host.StaffClientAsync();
        await (await staff.GetAsync(Http.Url($"/api/v1/citizens/{Guid.NewGuid()}"))).ProblemAsync(HttpStatusCode.NotFound);
        await (await staff.GetAsync(Http.Url($"/api/v1/citizens/{Guid.NewGuid()}/timeline"))).ProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CitizenApiOnSqlite(SqliteHost host) : CitizenApiTests(host);

[Collection(PostgresCollection.Name)]
public sealed class CitizenApiOnPostgres(PostgresHost host) : CitizenApiTests(host);
