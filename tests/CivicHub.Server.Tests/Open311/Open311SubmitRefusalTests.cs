using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;

namespace CivicHub.Server.Tests.Open311;

/// <summary>
/// Reports that must be refused: each gets Open311's error format with the right status, in JSON and XML, and leaves
/// nothing behind (no citizen, no case, no interaction, no event).
/// </summary>
public abstract class Open311SubmitRefusalTests(CivicHubHost host)
{
    /// <summary>(field to set, its value, expected status, text the error must contain).</summary>
    public static TheoryData<string, string?, int, string> Refusals { get; } = new()
    {
        { "service_code", "moon-landing", 400, "service_code" },
        { "service_code", null, 400, "service_code" },
        { "service_code", "benefits-application", 400, "service_code" },
        { "api_key", null, 403, "api_key" },
        { "api_key", "o311_not-a-key-anyone-was-given", 403, "api_key" },
        { "jurisdiction_id", "elsewhere.gov", 404, "jurisdiction_id" },
        { "attribute[location]", null, 400, "attribute[location]" },
        { "attribute[size]", "enormous", 400, "attribute[size]" },
        { "attribute[colour]", "red", 400, "attribute[colour]" },
        { "lat", "39,78N", 400, "lat" },
        { "lat", "123.4", 400, "lat" },
        { "long", null, 400, "lat" },
        { "description", "{huge}", 400, "description" },
        { "description", "Pothole\u0000'; DROP TABLE \"Cases\"; --", 400, "not allowed" },
        { "first_name", "{huge}", 400, "first_name" },
        { "media_url", "javascript:alert(1)", 400, "media_url" },
        { "email", "not-an-email", 400, "email" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_report_answers_in_the_error_format_and_writes_nothing(string field, string? value, int status, string mentions)
    {
        var huge = new string('a', 4_001);
        var before = await host.RowCountsAsync();
        var client = host.AnonymousClient();
        var form = Open311Http.Report((field, value?.Replace("{huge}", huge, StringComparison.Ordinal)));

        await (await client.PostReportAsync("json", form)).JsonErrorAsync((HttpStatusCode)status, mentions);
        await (await client.PostReportAsync("xml", form)).XmlErrorAsync((HttpStatusCode)status, mentions);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_report_without_any_location_is_refused()
    {
        var before = await host.RowCountsAsync();
        var form = Open311Http.Report(("lat", null), ("long", null), ("address_string", null));
        await (await host.AnonymousClient().PostReportAsync("json", form)).JsonErrorAsync(HttpStatusCode.BadRequest, "location is required");
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_report_without_email_phone_or_device_id_is_refused()
    {
        var before = await host.RowCountsAsync();
        await (await host.AnonymousClient().PostReportAsync("json", Open311Http.Report(("email", null)))).JsonErrorAsync(HttpStatusCode.BadRequest, "device_id");
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_report_with_a_revoked_key_is_forbidden()
    {
        var admin = await host.StaffClientAsync("morgan");
        var key = await (await admin.PostJsonAsync("/api/v1/open311-keys", new { name = "Old 311 app" })).JsonAsync(HttpStatusCode.Created);
        var secret = key.GetProperty("apiKey").GetString();
        await host.AnonymousClient().SubmitAsync(("api_key", secret));
        await (await admin.PostJsonAsync($"/api/v1/open311-keys/{key.GetProperty("key").GetProperty("id").GetGuid()}/revoke", new { })).JsonAsync(HttpStatusCode.OK);

        var before = await host.RowCountsAsync();
        await (await host.AnonymousClient().PostReportAsync("json", Open311Http.Report(("api_key", secret)))).JsonErrorAsync(HttpStatusCode.Forbidden, "api_key");
        await (await host.AnonymousClient().PostReportAsync("xml", Open311Http.Report(("api_key", secret)))).XmlErrorAsync(HttpStatusCode.Forbidden, "api_key");
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_a_form_is_refused_in_the_error_format()
    {
        var before = await host.RowCountsAsync();
        await (await host.AnonymousClient().PostRawAsync("/open311/v2/requests.json", """{"service_code":"pothole"}""")).JsonErrorAsync(HttpStatusCode.BadRequest, "form");
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_broken_multipart_form_is_refused_in_the_error_format()
    {
        var before = await host.RowCountsAsync();
        var content = new StringContent("garbage");
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=XYZ");
        await (await host.AnonymousClient().PostAsync(Http.Url("/open311/v2/requests.xml"), content)).XmlErrorAsync(HttpStatusCode.BadRequest, "form");
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_nul_character_in_a_multipart_field_is_refused_naming_the_field()
    {
        var before = await host.RowCountsAsync();
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in Open311Http.Report(("description", "Pothole\u0000 here")))
        {
            content.Add(new StringContent(value), name);
        }

        await (await host.AnonymousClient().PostAsync(Http.Url("/open311/v2/requests.json"), content)).JsonErrorAsync(HttpStatusCode.BadRequest, "description: Must not contain NUL");
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_a_413_in_the_error_format()
    {
        var before = await host.RowCountsAsync();
        var form = Open311Http.Report(("description", new string('a', 3 * 1024 * 1024)));
        await (await host.AnonymousClient().PostReportAsync("json", form)).JsonErrorAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await host.RowCountsAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class Open311SubmitRefusalsOnSqlite(SqliteHost host) : Open311SubmitRefusalTests(host);

[Collection(PostgresCollection.Name)]
public sealed class Open311SubmitRefusalsOnPostgres(PostgresHost host) : Open311SubmitRefusalTests(host);
