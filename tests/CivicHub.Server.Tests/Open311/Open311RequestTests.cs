using System.Xml.Linq;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Tests.Open311;

/// <summary>Submitting service requests and reading them back, as the county's 311 app does.</summary>
public abstract class Open311RequestTests(CivicHubHost host)
{
    [Fact]
    public async Task A_report_posted_as_json_reads_back_with_everything_it_said()
    {
        var client = host.AnonymousClient();
        var response = await client.PostReportAsync("json", Open311Http.Report(("account_id", "app-user-42")));
        var created = Assert.Single((await response.JsonAsync(HttpStatusCode.OK)).EnumerateArray());
        var id = created.GetProperty("service_request_id").GetString()!;
        Assert.Equal("app-user-42", created.GetProperty("account_id").GetString());
        Assert.Contains("Public Works", created.GetProperty("service_notice").GetString(), StringComparison.Ordinal);

        var requests = await client.GetJsonAsync($"/open311/v2/requests/{id}.json");
        Open311Spec.AssertValid("requests", requests);
        var request = Assert.Single(requests.EnumerateArray());
        Assert.Equal(id, request.GetProperty("service_request_id").GetString());
        Assert.Equal("open", request.GetProperty("status").GetString());
        Assert.Equal("pothole", request.GetProperty("service_code").GetString());
        Assert.Equal("Pothole", request.GetProperty("service_name").GetString());
        Assert.Equal("Public Works", request.GetProperty("agency_responsible").GetString());
        Assert.Equal("A deep pothole in the right lane, cars swerve around it.", request.GetProperty("description").GetString());
        Assert.Equal("400 E Monroe St, Springfield", request.GetProperty("address").GetString());
        Assert.Equal(39.7817, request.GetProperty("lat").GetDouble());
        Assert.Equal(-89.6501, request.GetProperty("long").GetDouble());
        Assert.Equal("https://photos.example/pothole.jpg", request.GetProperty("media_url").GetString());
        var requested = request.GetProperty("requested_datetime").GetDateTimeOffset();
        Assert.Equal(requested.AddHours(120), request.GetProperty("expected_datetime").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_report_posted_as_xml_reads_back_as_xml_shaped_like_a_city_servers()
    {
        var client = host.AnonymousClient();
        var created = XDocument.Parse(await (await client.PostReportAsync("xml", Open311Http.Report(("address_id", "ADDR-5521")))).XmlAsync(HttpStatusCode.OK));
        Assert.Equal(["service_requests", "service_requests/request", "service_requests/request/account_id", "service_requests/request/service_notice", "service_requests/request/service_request_id"],
            Open311Spec.Shape(created));
        var id = created.Root!.Element("request")!.Element("service_request_id")!.Value;

        var xml = await client.GetXmlAsync($"/open311/v2/requests/{id}.xml");
        Open311Spec.AssertSameShape("service-request.xml", xml);
        var request = XDocument.Parse(xml).Root!.Element("request")!;
        Assert.Equal(id, request.Element("service_request_id")!.Value);
        Assert.Equal("open", request.Element("status")!.Value);
        Assert.Equal("ADDR-5521", request.Element("address_id")!.Value);
        Assert.Equal("39.7817", request.Element("lat")!.Value);

        Open311Spec.AssertSameShape("service-requests.xml", await client.GetXmlAsync($"/open311/v2/requests.xml?service_request_id={id}"));
    }

    [Fact]
    public async Task Text_that_xml_cannot_carry_is_replaced_not_allowed_to_break_the_document()
    {
        var client = host.AnonymousClient();
        var id = await client.SubmitAsync(("description", "Bell \u0007 rings, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ‮ text"));
        var xml = await client.GetXmlAsync($"/open311/v2/requests/{id}.xml");
        var description = XDocument.Parse(xml).Root!.Element("request")!.Element("description")!.Value;
        Assert.Equal("Bell \uFFFD rings, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ‮ text", description);
        var json = Assert.Single((await client.GetJsonAsync($"/open311/v2/requests/{id}.json")).EnumerateArray());
        Assert.Equal("Bell \u0007 rings, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ‮ text", json.GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_report_is_a_case_on_the_reporters_timeline_for_staff()
    {
        var email = $"{Guid.NewGuid():N}@mail.example";
        var id = await host.AnonymousClient().SubmitAsync(("email", email), ("attribute[size]", "medium"));

        var staff = await host.StaffClientAsync();
        var @case = await staff.GetJsonAsync($"/api/v1/cases/{id}");
        Assert.Equal("mobile", @case.GetProperty("originChannel").GetString());
        Assert.Equal("pothole", @case.GetProperty("service").GetProperty("code").GetString());
        Assert.Equal("Marcus Reed", @case.GetProperty("citizen").GetProperty("displayName").GetString());
        Assert.Equal("medium", @case.GetProperty("answers").GetProperty("size").GetString());
        Assert.Equal("400 E Monroe St", @case.GetProperty("answers").GetProperty("location").GetString());
        Assert.Equal(39.7817, @case.GetProperty("location").GetProperty("latitude").GetDouble());
        Assert.Equal("https://photos.example/pothole.jpg", @case.GetProperty("location").GetProperty("mediaUrl").GetString());

        var citizen = Assert.Single((await staff.GetJsonAsync($"/api/v1/citizens?email={Uri.EscapeDataString(email)}")).EnumerateArray());
        var timeline = await staff.GetJsonAsync($"/api/v1/citizens/{citizen.GetProperty("id").GetGuid()}/timeline");
        var entry = Assert.Single(timeline.GetProperty("items").EnumerateArray());
        Assert.Equal(id, entry.GetProperty("caseReference").GetString());
        Assert.Equal("mobile", entry.GetProperty("channel").GetString());
    }

    [Fact]
    public async Task Every_report_opens_a_new_request_even_from_the_same_device()
    {
        var device = $"device-{Guid.NewGuid():N}";
        var client = host.AnonymousClient();
        var first = await client.SubmitAsync(("email", null), ("device_id", device));
        var second = await client.SubmitAsync(("email", null), ("device_id", device), ("description", "Another one two blocks down."));
        Assert.NotEqual(first, second);
        var citizens = await host.InDbAsync(db => db.Cases.Where(c => c.Reference == first || c.Reference == second).Select(c => c.CitizenId).Distinct().CountAsync());
        Assert.Equal(1, citizens);
    }

    [Fact]
    public async Task The_channel_is_the_one_the_api_key_was_issued_for()
    {
        var admin = await host.StaffClientAsync("morgan");
        var key = await (await admin.PostJsonAsync("/api/v1/open311-keys", new { name = "Kiosk at City Hall", channel = "in_person" })).JsonAsync(HttpStatusCode.Created);
        var id = await host.AnonymousClient().SubmitAsync(("api_key", key.GetProperty("apiKey").GetString()));
        var @case = await (await host.StaffClientAsync()).GetJsonAsync($"/api/v1/cases/{id}");
        Assert.Equal("in_person", @case.GetProperty("originChannel").GetString());
    }

    [Fact]
    public async Task Several_requests_are_fetched_at_once_by_comma_separated_ids()
    {
        var client = host.AnonymousClient();
        var first = await client.SubmitAsync();
        var second = await client.SubmitAsync(("service_code", "streetlight-out"), ("attribute[size]", null));
        var requests = await client.GetJsonAsync($"/open311/v2/requests.json?service_request_id={first},{second}&status=closed");
        Open311Spec.AssertValid("requests", requests);

        // service_request_id overrides every other criterion, status included.
        Assert.Equal(new[] { first, second }.Order(), requests.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()).Order());
    }

    [Fact]
    public async Task Resolved_and_closed_cases_are_closed_and_the_rest_open()
    {
        var client = host.AnonymousClient();
        var resolved = await client.SubmitAsync(("service_code", "tree-down"), ("attribute[size]", null));
        var open = await client.SubmitAsync(("service_code", "tree-down"), ("attribute[size]", null));
        var staff = await host.StaffClientAsync();
        await (await staff.PostJsonAsync($"/api/v1/cases/{open}/status", new { status = "in_progress" })).JsonAsync(HttpStatusCode.OK);
        await (await staff.PostJsonAsync($"/api/v1/cases/{resolved}/status", new { status = "resolved" })).JsonAsync(HttpStatusCode.OK);

        var closedList = await client.GetJsonAsync("/open311/v2/requests.json?service_code=tree-down&status=closed");
        var openList = await client.GetJsonAsync("/open311/v2/requests.json?service_code=tree-down&status=open");
        Open311Spec.AssertValid("requests", closedList);
        Open311Spec.AssertValid("requests", openList);
        var closedIds = closedList.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()).ToList();
        var openIds = openList.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()).ToList();
        Assert.Contains(resolved, closedIds);
        Assert.DoesNotContain(open, closedIds);
        Assert.Contains(open, openIds);
        Assert.DoesNotContain(resolved, openIds);
        Assert.All(closedList.EnumerateArray(), r => Assert.Equal("closed", r.GetProperty("status").GetString()));
        Assert.All(openList.EnumerateArray(), r => Assert.Equal("tree-down", r.GetProperty("service_code").GetString()));
    }

    [Fact]
    public async Task Listing_without_dates_covers_the_last_90_days_newest_first_and_never_more_than_1000()
    {
        var id = await host.AnonymousClient().SubmitAsync();
        var requests = await host.AnonymousClient().GetJsonAsync("/open311/v2/requests.json");
        Open311Spec.AssertValid("requests", requests);
        var items = requests.EnumerateArray().ToList();
        Assert.InRange(items.Count, 1, 1000);
        Assert.Contains(items, r => r.GetProperty("service_request_id").GetString() == id);
        var times = items.Select(r => r.GetProperty("requested_datetime").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.All(times, t => Assert.True(t >= DateTimeOffset.UtcNow.AddDays(-90).AddMinutes(-1)));
    }

    [Fact]
    public async Task Listing_keeps_to_the_dates_asked_for()
    {
        var id = await host.AnonymousClient().SubmitAsync();
        var client = host.AnonymousClient();
        var past = await client.GetJsonAsync($"/open311/v2/requests.json?start_date={DateTime.UtcNow.AddDays(-60):yyyy-MM-dd}T00:00:00Z&end_date={DateTime.UtcNow.AddDays(-30):yyyy-MM-dd}T00:00:00Z");
        Assert.DoesNotContain(past.EnumerateArray(), r => r.GetProperty("service_request_id").GetString() == id);
        var today = await client.GetJsonAsync($"/open311/v2/requests.json?start_date={DateTime.UtcNow.AddHours(-1):yyyy-MM-ddTHH:mm:ss}Z");
        Open311Spec.AssertValid("requests", today);
        Assert.Contains(today.EnumerateArray(), r => r.GetProperty("service_request_id").GetString() == id);
    }

    [Theory]
    [InlineData("start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", "end_date")]
    [InlineData("start_date=2026-06-01T00:00:00Z&end_date=2026-01-01T00:00:00Z", "end_date")]
    [InlineData("start_date=last+tuesday", "start_date")]
    [InlineData("status=pending", "status")]
    [InlineData("service_code=moon-landing", "service_code")]
    public async Task A_listing_that_cannot_be_answered_is_a_400_in_the_error_format(string query, string field)
    {
        await (await host.AnonymousClient().GetAsync(Http.Url($"/open311/v2/requests.json?{query}"))).JsonErrorAsync(HttpStatusCode.BadRequest, field);
        await (await host.AnonymousClient().GetAsync(Http.Url($"/open311/v2/requests.xml?{query}"))).XmlErrorAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task An_unknown_request_id_is_a_404_in_the_error_format()
    {
        var client = host.AnonymousClient();
        await (await client.GetAsync(Http.Url("/open311/v2/requests/K7M4-9QX2.json"))).JsonErrorAsync(HttpStatusCode.NotFound, "service_request_id");
        await (await client.GetAsync(Http.Url("/open311/v2/requests/not-a-reference.xml"))).XmlErrorAsync(HttpStatusCode.NotFound, "service_request_id");
    }

    [Fact]
    public async Task A_case_of_a_service_about_a_person_is_not_found_on_the_public_interface()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var reference = (await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId, channel = "phone", description = "Question about my tax bill", serviceCode = "tax-bill-question", answers = new { details = "Why is it higher?" } }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString();
        await (await host.AnonymousClient().GetAsync(Http.Url($"/open311/v2/requests/{reference}.json"))).JsonErrorAsync(HttpStatusCode.NotFound);
        var listed = await host.AnonymousClient().GetJsonAsync($"/open311/v2/requests.json?service_request_id={reference}");
        Assert.Empty(listed.EnumerateArray());
    }

    [Fact]
    public async Task A_token_resolves_to_the_service_request_id_because_requests_are_created_at_once()
    {
        var client = host.AnonymousClient();
        var id = await client.SubmitAsync();
        var token = Assert.Single((await client.GetJsonAsync($"/open311/v2/tokens/{id}.json")).EnumerateArray());
        Assert.Equal(id, token.GetProperty("service_request_id").GetString());
        Assert.Equal(id, token.GetProperty("token").GetString());
        Open311Spec.AssertSameShape("token.xml", await client.GetXmlAsync($"/open311/v2/tokens/{id}.xml"));
        await (await client.GetAsync(Http.Url("/open311/v2/tokens/12345.json"))).JsonErrorAsync(HttpStatusCode.NotFound, "token");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class Open311RequestsOnSqlite(SqliteHost host) : Open311RequestTests(host);

[Collection(PostgresCollection.Name)]
public sealed class Open311RequestsOnPostgres(PostgresHost host) : Open311RequestTests(host);
