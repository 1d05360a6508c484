using CivicHub.Core.Citizens;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Server.Api.Imports;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Imports;

/// <summary>Bulk import with identity resolution through the real host: link, review, create, undo, and bad rows.</summary>
public abstract class ImportApiTests(CivicHubHost host)
{
    private const string Header = "id,first,last,dob,phone,street_no,street,town,zip";
    private static readonly string[] Map = ["id=external_id", "first=given_name", "last=family_name", "dob=date_of_birth", "street_no=street_number", "town=locality", "zip=postcode"];

    private sealed record Person(string Given, string Family, string Dob, string Phone, string Number, string Street, string Town, string Zip)
    {
        public static Person New() => new(Imports.NewName(), Imports.NewName(), $"19{Random.Shared.Next(30, 99)}-0{Random.Shared.Next(1, 9)}-1{Random.Shared.Next(0, 9)}",
            Http.NewPhone(), Random.Shared.Next(1, 999).ToString(System.Globalization.CultureInfo.InvariantCulture), Imports.NewName() + " Street", Imports.NewName(), "627" + Random.Shared.Next(10, 99));

        public string Row(string id, string? phone = null) => $"{id},{Given},{Family},{Dob},{phone ?? Phone},{Number},{Street},{Town},{Zip}";
    }

    private static string Csv(params string[] rows) => string.Join('\n', rows.Prepend(Header)) + "\n";

    [Fact]
    public async Task An_import_links_the_known_sends_the_uncertain_to_review_and_creates_the_new()
    {
        var admin = await host.StaffClientAsync("morgan");
        // The evidence compares the people linked: a contact-centre supervisor may see it, an administrator may not.
        var supervisor = await host.StaffClientAsync("priya");
        var (a, b, c, d) = (Person.New(), Person.New(), Person.New(), Person.New());
        var first = await admin.ImportAsync(Csv(a.Row("t1"), b.Row("t2"), c.Row("t3")), Imports.NewSource(), Map);
        Assert.Equal(3, first.Count("created"));

        // a with a mistyped family name and another phone; b by name only; c's phone under another name; d is new.
        var typo = a with { Family = a.Family[..^1] + "x" };
        var second = await admin.ImportAsync(
            Csv(typo.Row("b1", Http.NewPhone()), $"b2,{b.Given},{b.Family},,,,,,", $"b3,Someone,Else,,{c.Phone},,,,", d.Row("b4")),
            Imports.NewSource(), Map);
        Assert.Equal("completed", second.GetProperty("status").GetString());
        Assert.Equal((4, 2, 1, 1, 0), (second.Count("processed"), second.Count("linked"), second.Count("reviews"), second.Count("created"), second.Count("failed")));

        var firstLinks = await supervisor.LinksAsync(first.Id());
        var links = await supervisor.LinksAsync(second.Id());
        var byId = links.ToDictionary(l => l.GetProperty("sourceRecordId").GetString()!);
        Assert.Equal("auto", byId["b1"].GetProperty("decision").GetString());
        Assert.Equal(firstLinks[0].GetProperty("citizenId").GetGuid(), byId["b1"].GetProperty("citizenId").GetGuid());
        Assert.Contains(byId["b1"].GetProperty("evidence").GetProperty("fields").EnumerateArray(),
            f => f.GetProperty("field").GetString() == "family_name" && f.GetProperty("level").GetString() == "close");
        Assert.True(byId["b1"].GetProperty("score").GetDouble() >= 20);
        Assert.Equal("phone", byId["b3"].GetProperty("evidence").GetProperty("exact").GetString());
        Assert.Equal(firstLinks[2].GetProperty("citizenId").GetGuid(), byId["b3"].GetProperty("citizenId").GetGuid());
        Assert.Equal("pending", byId["b2"].GetProperty("decision").GetString());
        Assert.Equal("new", byId["b4"].GetProperty("decision").GetString());

        var review = Assert.Single((await admin.GetJsonAsync($"/api/v1/match-reviews?importId={second.Id()}")).EnumerateArray());
        Assert.Equal(firstLinks[1].GetProperty("citizenId").GetGuid(), Assert.Single(review.GetProperty("candidates").EnumerateArray()).GetProperty("citizenId").GetGuid());

        // The linked person now has the new phone as well, as the contact centre sees; the administrator who imported
        // them administers and sees no contact details (docs/privacy.md).
        var agent = await host.StaffClientAsync("dana");
        var person = await agent.GetJsonAsync($"/api/v1/citizens/{byId["b1"].GetProperty("citizenId").GetGuid()}");
        Assert.Equal(2, person.GetProperty("identities").EnumerateArray().Count());
        var asAdministrator = await admin.GetJsonAsync($"/api/v1/citizens/{byId["b1"].GetProperty("citizenId").GetGuid()}");
        Assert.Empty(asAdministrator.GetProperty("identities").EnumerateArray());
        Assert.Contains("contact_details", asAdministrator.GetProperty("withheld").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public async Task A_review_is_resolved_either_way_and_a_reviewed_link_can_be_undone()
    {
        var supervisor = await host.StaffClientAsync("priya");
        var (a, b) = (Person.New(), Person.New());
        var first = await supervisor.ImportAsync(Csv(a.Row("1"), b.Row("2")), Imports.NewSource(), Map);
        var second = await supervisor.ImportAsync(Csv($"1,{a.Given},{a.Family},,,,,,", $"2,{b.Given},{b.Family},,,,,,"), Imports.NewSource(), Map);
        Assert.Equal(2, second.Count("reviews"));
        var known = (await supervisor.LinksAsync(first.Id())).Select(l => l.GetProperty("citizenId").GetGuid()).ToList();
        var reviews = (await supervisor.GetJsonAsync($"/api/v1/match-reviews?importId={second.Id()}")).EnumerateArray()
            .OrderBy(r => known.IndexOf(r.GetProperty("candidateId").GetGuid())).ToList();

        // Any member of staff may resolve reviews.
        var agent = await host.StaffClientAsync("dana");
        var linked = await (await agent.PostJsonAsync($"/api/v1/match-reviews/{reviews[0].Id()}/link", new { })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("linked", linked.GetProperty("status").GetString());
        var recordCitizen = reviews[0].GetProperty("citizenId").GetGuid();
        Assert.Equal(known[0], (await agent.GetJsonAsync($"/api/v1/citizens/{recordCitizen}")).GetProperty("citizen").GetProperty("mergedIntoId").GetGuid());

        var separated = await (await agent.PostJsonAsync($"/api/v1/match-reviews/{reviews[1].Id()}/separate", new { })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("separated", separated.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, (await agent.GetJsonAsync($"/api/v1/citizens/{reviews[1].GetProperty("citizenId").GetGuid()}")).GetProperty("citizen").GetProperty("mergedIntoId").ValueKind);

        await (await agent.PostJsonAsync($"/api/v1/match-reviews/{reviews[1].Id()}/link", new { })).ProblemAsync(HttpStatusCode.Conflict);
        await (await agent.PostJsonAsync($"/api/v1/match-reviews/{Guid.NewGuid()}/separate", new { })).ProblemAsync(HttpStatusCode.NotFound);

        var links = await supervisor.LinksAsync(second.Id());
        Assert.Equal(["reviewed", "separated"], links.Select(l => l.GetProperty("decision").GetString()));
        await (await agent.PostJsonAsync($"/api/v1/imports/links/{links[0].Id()}/undo", new { })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, (await agent.GetJsonAsync($"/api/v1/citizens/{recordCitizen}")).GetProperty("citizen").GetProperty("mergedIntoId").ValueKind);
        await (await agent.PostJsonAsync($"/api/v1/imports/links/{links[1].Id()}/undo", new { })).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Undoing_an_automatic_link_restores_both_records_with_what_each_had()
    {
        // Undoing moves records back: only someone who sees both whole may, so a contact-centre supervisor, not an administrator.
        var admin = await host.StaffClientAsync("priya");
        var a = Person.New();
        var first = await admin.ImportAsync(Csv(a.Row("1")), Imports.NewSource(), Map);
        var newPhone = Http.NewPhone();
        var second = await admin.ImportAsync(Csv(a.Row("1", newPhone)), Imports.NewSource(), Map);
        var link = Assert.Single(await admin.LinksAsync(second.Id()));
        var person = Assert.Single(await admin.LinksAsync(first.Id())).GetProperty("citizenId").GetGuid();
        Assert.Equal(person, link.GetProperty("citizenId").GetGuid());
        var record = link.GetProperty("recordCitizenId").GetGuid();

        var undone = await (await admin.PostJsonAsync($"/api/v1/imports/links/{link.Id()}/undo", new { })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("undone", undone.GetProperty("decision").GetString());
        Assert.Equal(record, undone.GetProperty("citizenId").GetGuid());

        var agent = await host.StaffClientAsync("dana");
        var restored = await agent.GetJsonAsync($"/api/v1/citizens/{record}");
        Assert.Equal(JsonValueKind.Null, restored.GetProperty("citizen").GetProperty("mergedIntoId").ValueKind);
        Assert.Equal(a.Given, restored.GetProperty("citizen").GetProperty("givenName").GetString());
        Assert.Equal(Http.E164(newPhone), Assert.Single(restored.GetProperty("identities").EnumerateArray()).GetProperty("value").GetString());
        var original = await agent.GetJsonAsync($"/api/v1/citizens/{person}");
        Assert.Equal(Http.E164(a.Phone), Assert.Single(original.GetProperty("identities").EnumerateArray()).GetProperty("value").GetString());
        await (await admin.PostJsonAsync($"/api/v1/imports/links/{link.Id()}/undo", new { })).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Malformed_rows_are_reported_by_line_and_the_good_rows_land_once()
    {
        var admin = await host.StaffClientAsync("morgan");
        var (good1, good2) = (Person.New(), Person.New());
        var csv = Csv(
            good1.Row("g1"),                                               // line 2
            $"x1,Ab\"c,{Imports.NewName()},1990-01-01,,,,,",               // line 3: a quote inside an unquoted field
            $"x2,{Imports.NewName()},{Imports.NewName()}",                // line 4: missing columns
            $"x3,{Imports.NewName()},{Imports.NewName()},31/31/1990,,,,,", // line 5: not a date
            $"x4,{new string('a', 300)},{Imports.NewName()},,,,,,",        // line 6: oversized name
            $"x5,{Imports.NewName()},{Imports.NewName()},,not a phone,,,,", // line 7: bad phone
            good2.Row("g2"),                                               // line 8
            $"x6,\"{Imports.NewName()},Unclosed,,,,,,");                   // line 9: a quote that never closes
        var source = Imports.NewSource();
        var import = await admin.ImportAsync(csv, source, Map);
        Assert.Equal("completed", import.GetProperty("status").GetString());
        Assert.Equal((2, 6), (import.Count("created"), import.Count("failed")));
        var errors = import.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([3, 4, 5, 6, 7, 9], errors.Select(e => e.GetProperty("line").GetInt32()));
        Assert.Contains("date_of_birth", errors[2].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("given_name", errors[3].GetProperty("reason").GetString(), StringComparison.Ordinal);

        // The same file again: the good rows are already there, so nothing lands twice.
        var again = await admin.ImportAsync(csv, source, Map);
        Assert.Equal((0, 2, 6), (again.Count("created"), again.Count("skipped"), again.Count("failed")));
        var family = good1.Family.ToLowerInvariant();
        Assert.Equal(1, await host.InDbAsync(db => db.Citizens.CountAsync(c => c.FamilyKey == family)));
    }

    [Fact]
    public async Task A_bad_request_is_refused_naming_the_field_and_writes_nothing()
    {
        var admin = await host.StaffClientAsync("morgan");
        var before = await host.InDbAsync(db => db.CitizenImports.CountAsync());
        await (await admin.PostCsvAsync(Csv(Person.New().Row("1")), Imports.NewSource(), [.. Map, "zip=zip_code"])).ProblemAsync(HttpStatusCode.BadRequest, "map");
        await (await admin.PostCsvAsync(Csv(Person.New().Row("1")), Imports.NewSource(), "nope=given_name")).ProblemAsync(HttpStatusCode.BadRequest, "map");
        await (await admin.PostCsvAsync(Csv(Person.New().Row("1")), "", Map)).ProblemAsync(HttpStatusCode.BadRequest, "source");
        await (await admin.PostCsvAsync("", Imports.NewSource(), Map)).ProblemAsync(HttpStatusCode.BadRequest, "body");
        Assert.Equal(before, await host.InDbAsync(db => db.CitizenImports.CountAsync()));

        var agent = await host.StaffClientAsync("dana");
        await (await agent.PostCsvAsync(Csv(Person.New().Row("1")), Imports.NewSource(), Map)).ProblemAsync(HttpStatusCode.Forbidden);
        var integration = await host.IntegrationClientAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await integration.PostCsvAsync(Csv(Person.New().Row("1")), Imports.NewSource(), Map)).StatusCode);
    }

    [Fact]
    public async Task A_file_uploaded_as_multipart_is_imported()
    {
        var admin = await host.StaffClientAsync("morgan");
        using var content = new MultipartFormDataContent();
        using var file = new StringContent(Csv(Person.New().Row("1")));
        content.Add(file, "file", "people.csv");
        var accepted = await (await admin.PostAsync(Http.Url($"/api/v1/imports?source={Imports.NewSource()}&{string.Join('&', Map.Select(m => "map=" + Uri.EscapeDataString(m)))}"), content))
            .JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(1, (await admin.FinishedAsync(accepted.Id())).Count("created"));
    }

    [Fact]
    public async Task The_import_command_imports_a_file_and_reports_bad_rows()
    {
        host.RequireDatabase();
        var (a, b) = (Person.New(), Person.New());
        var path = Path.Combine(Path.GetTempPath(), $"civichub-import-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, Csv(a.Row("1"), "2,x", b.Row("3")));
        try
        {
            var exit = await ImportCommand.RunAsync(host.Services, [path, "--source", Imports.NewSource(), .. Map.SelectMany(m => new[] { "--map", m })]);
            Assert.Equal(1, exit);
            var family = b.Family.ToLowerInvariant();
            Assert.Equal(1, await host.InDbAsync(db => db.Citizens.CountAsync(c => c.FamilyKey == family)));
            Assert.Equal(2, await ImportCommand.RunAsync(host.Services, [path, "--source", Imports.NewSource(), "--map", "first=nonsense"]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task An_unknown_texter_who_gives_a_known_name_gets_that_citizen_as_a_likely_match()
    {
        var staff = await host.StaffClientAsync();
        var (given, family) = (Imports.NewName(), Imports.NewName());
        var (known, _, _) = await staff.NewCitizenAsync(given, family);
        var text = await host.InScopeAsync(sp => sp.GetRequiredService<IntakePipeline>().ReceiveAsync(
            new InboundContact(Channel.Sms, IdentityKind.Phone, Http.NewPhone(), "Hi, it's me, my number changed", DateTime.UtcNow)
            {
                To = "+12175550311",
                SenderGivenName = given,
                SenderFamilyName = family,
            },
            CancellationToken.None));
        Assert.False(text.Value!.CitizenWasKnown);

        var view = await staff.GetJsonAsync($"/api/v1/citizens/{text.Value.CitizenId}");
        var match = Assert.Single(view.GetProperty("likelyMatches").EnumerateArray());
        Assert.Equal(known, match.GetProperty("citizenId").GetGuid());
        Assert.True(match.GetProperty("score").GetDouble() > 0);
        Assert.Contains(match.GetProperty("evidence").GetProperty("fields").EnumerateArray(),
            f => f.GetProperty("field").GetString() == "family_name" && f.GetProperty("level").GetString() == "exact");

        // A suggestion only: neither record was merged.
        Assert.Equal(JsonValueKind.Null, view.GetProperty("citizen").GetProperty("mergedIntoId").ValueKind);
        Assert.Empty((await staff.GetJsonAsync($"/api/v1/citizens/{known}")).GetProperty("likelyMatches").EnumerateArray());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ImportApiOnSqlite(SqliteHost host) : ImportApiTests(host);

[Collection(PostgresCollection.Name)]
public sealed class ImportApiOnPostgres(PostgresHost host) : ImportApiTests(host);
