using System.Net.Http.Headers;
using System.Text;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Security;

/// <summary>
/// Every public endpoint (API, Open311, token, provider webhooks, health and docs), found from the host's endpoint
/// list, is fed what attackers and broken clients send: hostile route values and queries, malformed and mistyped
/// bodies, hostile text, odd Unicode, the wrong content type, an oversized body and forged tokens. None may answer
/// 5xx; the API answers problem details; a refused request leaves every table as it was. The field-by-field cases
/// (the problem naming the field) are in Api/BadInputTests; the providers' signatures in Channels/.
/// </summary>
public abstract class EndpointBadInputTests(CivicHubHost host)
{
    /// <summary>What an endpoint reads from its body.</summary>
    public enum Body { None, Json, Form }

    /// <summary>Every public endpoint, by method and route. A new endpoint fails the enumeration test until it is listed here.</summary>
    public static TheoryData<string, string, Body> Endpoints { get; } = new()
    {
        { "*", "/healthz", Body.None },
        { "GET", "/docs/{documentName?}", Body.None },
        { "GET", "/openapi/{documentName}.json", Body.None },
        { "GET", "/docs/scalar.js", Body.None },
        { "GET", "/docs/scalar.aspnetcore.js", Body.None },
        { "GET", "/docs/favicon.svg", Body.None },
        { "POST", "/connect/token", Body.Form },
        { "GET", "/open311/discovery.{format}", Body.None },
        { "GET", "/open311/v2/services.{format}", Body.None },
        { "GET", "/open311/v2/services/{serviceCode}.{format}", Body.None },
        { "GET", "/open311/v2/requests.{format}", Body.None },
        { "GET", "/open311/v2/requests/{id}.{format}", Body.None },
        { "POST", "/open311/v2/requests.{format}", Body.Form },
        { "GET", "/open311/v2/tokens/{token}.{format}", Body.None },
        { "POST", "/channels/sms/inbound", Body.Form },
        { "POST", "/channels/sms/status", Body.Form },
        { "GET", "/channels/messenger/", Body.None },
        { "POST", "/channels/messenger/", Body.Json },
        { "GET", "/widget/chat.js", Body.None },
        { "GET", "/desk/session-ended", Body.None },
        { "GET", "/api/v1/citizens/", Body.None },
        { "GET", "/api/v1/citizens/{id:guid}", Body.None },
        { "GET", "/api/v1/citizens/{id:guid}/timeline", Body.None },
        { "POST", "/api/v1/citizens/", Body.Json },
        { "POST", "/api/v1/citizens/{id:guid}/merge", Body.Json },
        { "POST", "/api/v1/citizen-merges/{mergeId:guid}/undo", Body.None },
        { "GET", "/api/v1/events", Body.None },
        { "POST", "/api/v1/cases/", Body.Json },
        { "GET", "/api/v1/cases/{reference}", Body.None },
        { "GET", "/api/v1/cases/{reference}/timeline", Body.None },
        { "POST", "/api/v1/cases/{reference}/status", Body.Json },
        { "POST", "/api/v1/cases/{reference}/assignment", Body.Json },
        { "POST", "/api/v1/cases/{reference}/notes", Body.Json },
        { "POST", "/api/v1/cases/{reference}/priority", Body.Json },
        { "POST", "/api/v1/interactions/", Body.Json },
        { "GET", "/api/v1/drafts/", Body.None },
        { "POST", "/api/v1/drafts/", Body.Json },
        { "GET", "/api/v1/drafts/{id:guid}", Body.None },
        { "PUT", "/api/v1/drafts/{id:guid}", Body.Json },
        { "POST", "/api/v1/drafts/{id:guid}/submit", Body.Json },
        { "DELETE", "/api/v1/drafts/{id:guid}", Body.None },
        { "GET", "/api/v1/departments", Body.None },
        { "GET", "/api/v1/queues", Body.None },
        { "GET", "/api/v1/services", Body.None },
        { "GET", "/api/v1/services/{code}", Body.None },
        { "PUT", "/api/v1/services/{code}/translations/{language}", Body.Json },
        { "PUT", "/api/v1/departments/{code}/translations/{language}", Body.Json },
        { "POST", "/api/v1/webhooks/", Body.Json },
        { "GET", "/api/v1/webhooks/", Body.None },
        { "DELETE", "/api/v1/webhooks/{id:guid}", Body.None },
        { "GET", "/api/v1/webhooks/{id:guid}/deliveries", Body.None },
        { "POST", "/api/v1/webhooks/{id:guid}/retry", Body.None },
        { "POST", "/api/v1/open311-keys/", Body.Json },
        { "GET", "/api/v1/open311-keys/", Body.None },
        { "POST", "/api/v1/open311-keys/{id:guid}/revoke", Body.None },
        { "POST", "/api/v1/imports/", Body.Json },
        { "GET", "/api/v1/imports/{id:guid}", Body.None },
        { "GET", "/api/v1/imports/{id:guid}/links", Body.None },
        { "POST", "/api/v1/imports/links/{linkId:guid}/undo", Body.None },
        { "GET", "/api/v1/match-reviews/", Body.None },
        { "GET", "/api/v1/match-reviews/{id:guid}", Body.None },
        { "POST", "/api/v1/match-reviews/{id:guid}/link", Body.Json },
        { "POST", "/api/v1/match-reviews/{id:guid}/separate", Body.None },
        { "POST", "/api/v1/chat/sessions", Body.Json },
        { "GET", "/api/v1/attachments/{id:guid}", Body.None },
        { "POST", "/api/v1/cases/{reference}/replies", Body.Json },
        { "POST", "/api/v1/cases/{reference}/reminders", Body.Json },
        { "GET", "/api/v1/cases/{reference}/messages", Body.None },
        { "GET", "/api/v1/citizens/{id:guid}/messages", Body.None },
        { "GET", "/api/v1/citizens/{id:guid}/preferences", Body.None },
        { "PUT", "/api/v1/citizens/{id:guid}/preferences", Body.Json },
        { "GET", "/api/v1/outreach/templates/", Body.None },
        { "GET", "/api/v1/outreach/templates/{kind}/{variant}/{language}", Body.None },
        { "PUT", "/api/v1/outreach/templates/{kind}/{variant}/{language}", Body.Json },
        { "DELETE", "/api/v1/outreach/templates/{kind}/{variant}/{language}", Body.None },
        { "GET", "/connect/authorize", Body.None },
        { "POST", "/connect/authorize", Body.Form },
        { "GET", "/connect/userinfo", Body.None },
        { "POST", "/connect/userinfo", Body.Form },
        { "GET", "/connect/endsession", Body.None },
        { "POST", "/connect/endsession", Body.Form },
        { "GET", "/desk/audit/export", Body.None },
        { "POST", "/api/v1/cases/{reference}/legal-hold", Body.Json },
        { "GET", "/api/v1/citizens/{id:guid}/export", Body.None },
        { "POST", "/api/v1/citizens/{id:guid}/erasure", Body.Json },
        { "GET", "/api/v1/agreements/", Body.None },
        { "GET", "/api/v1/agreements/{id:guid}", Body.None },
        { "POST", "/api/v1/agreements/", Body.Json },
        { "PUT", "/api/v1/agreements/{id:guid}", Body.Json },
        { "GET", "/api/v1/citizens/{id:guid}/consents/", Body.None },
        { "POST", "/api/v1/citizens/{id:guid}/consents/", Body.Json },
        { "DELETE", "/api/v1/citizens/{id:guid}/consents/{agreementId:guid}", Body.None },
        { "GET", "/api/v1/relying-parties/", Body.None },
        { "GET", "/api/v1/relying-parties/{clientId}", Body.None },
        { "POST", "/api/v1/relying-parties/", Body.Json },
        { "PUT", "/api/v1/relying-parties/{clientId}", Body.Json },
        { "DELETE", "/api/v1/relying-parties/{clientId}", Body.None },
        { "GET", "/api/v1/audit/", Body.None },
        { "GET", "/api/v1/audit/export", Body.None },
        { "GET", "/api/v1/audit/verification", Body.None },
        { "POST", "/account/federation/start", Body.Form },
        { "POST", "/account/federation/link", Body.Form },
        { "GET", "/account/federation/complete", Body.None },
        { "POST", "/account/federation/unlink", Body.Form },
        { "GET", "/account/my-data", Body.None },
        { "GET", "/account/attachments/{id:guid}", Body.None },
        { "GET", "/desk/passkeys/", Body.None },
        { "POST", "/desk/passkeys/registration/options", Body.None },
        { "POST", "/desk/passkeys/registration", Body.Json },
        { "PUT", "/desk/passkeys/{id:guid}", Body.Json },
        { "DELETE", "/desk/passkeys/{id:guid}", Body.None },
        { "POST", "/desk/passkeys/sign-in/options", Body.None },
        { "POST", "/desk/passkeys/sign-in/", Body.Json },
    };

    /// <summary>Text that has broken some system somewhere: SQL, markup and script, header splitting, paths, format strings, Unicode.</summary>
    public static IReadOnlyList<string> HostileText { get; } =
    [
        "' OR '1'='1' --",
        "\"; DROP TABLE \"Cases\"; --",
        "1; SELECT pg_sleep(0)",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "{{7*7}}{% raw %}${7*7}",
        "line\r\nSet-Cookie: stolen=1",
        "../../../../etc/passwd",
        "..\\..\\windows\\win.ini",
        "%s%s%s%n%x{0}{1}",
        "\u202Egnp.exe",
        "zero\u200Bwidth\uFEFF",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩‍👩‍👧 ﷽",
        "\0nul",
        new string('x', 20_000),
    ];

    /// <summary>JSON bodies that are not what any endpoint asked for.</summary>
    public static IReadOnlyList<string> BrokenJson { get; } =
    [
        "{",
        "[]",
        "\"text\"",
        "null",
        "{\"a\":1,}",
        "{\"description\":\"\\ud800\"}",
        "{\"text\":\"\\udc00 lone low surrogate\"}",
        "{\"description\":\"a\\u0000b\"}",
        new string('[', 5_000) + new string(']', 5_000),
        "{\"citizenId\":{},\"channel\":[],\"description\":42,\"text\":true,\"status\":1.5e308,\"priority\":null,\"answers\":\"x\",\"url\":[1],\"email\":{}}",
        "{\"citizenId\":\"99999999999999999999\",\"latitude\":\"NaN\",\"longitude\":1e999,\"occurredAt\":\"0000-00-00\",\"queueId\":-9223372036854775809}",
    ];

    [Fact]
    public void Every_public_endpoint_has_an_entry()
    {
        host.RequireDatabase();
        var listed = Endpoints.Select(row => $"{row.Data.Item1} {row.Data.Item2}").ToHashSet();
        // Static files, pages and hubs are the framework's; the web pages' own form posts are in AntiforgeryTests.
        var missing = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null
                && e.Metadata.GetMetadata<ComponentTypeMetadata>() is null
                && e.Metadata.GetMetadata<NegotiateMetadata>() is null
                && e.Metadata.GetMetadata<Microsoft.AspNetCore.SignalR.HubMetadata>() is null
                && !(e.RoutePattern.RawText ?? "").StartsWith("/_", StringComparison.Ordinal)
                && !(e.RoutePattern.RawText ?? "").StartsWith("{**path", StringComparison.Ordinal)
                && e.RoutePattern.RawText is not ("/language" or "/account/sign-out" or "/desk/sign-out"))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Where(m => m != "HEAD")
                .Select(m => $"{m} {"/" + e.RoutePattern.RawText!.TrimStart('/')}"))
            .Where(key => !listed.Contains(key))
            .ToList();
        Assert.True(missing.Count == 0, $"Endpoints without a bad-input entry: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Hostile_input_never_breaks_an_endpoint_nor_leaves_anything_half_stored(string method, string route, Body body)
    {
        var staff = await host.StaffClientAsync("morgan");
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var reference = (await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId, channel = "phone", description = "A case to attack" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString()!;
        // An administrator sees no case data, so may not start a department's application: an agent starts the draft attacked.
        var agent = await host.StaffClientAsync("dana");
        var draft = (await (await agent.PostJsonAsync("/api/v1/drafts", new { citizenId, serviceCode = "benefits-application", channel = "web" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var verb = method == "*" ? "POST" : method;
        var cases = 0;
        var current = "";

        async Task SendAsync(string path, HttpContent? content, HttpClient? client = null)
        {
            using var request = new HttpRequestMessage(new HttpMethod(verb), Http.Url(path)) { Content = content };
            var before = verb == "GET" ? null : await host.RowCountsAsync();
            var response = await (client ?? staff).SendAsync(request);
            cases++;
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"{verb} {path} answered {(int)response.StatusCode} to input {JsonSerializer.Serialize(current)}: {text[..Math.Min(text.Length, 500)]}");
            Assert.False(response.Headers.Contains("stolen"), "a header was injected");
            if ((int)response.StatusCode >= 400)
            {
                if (path.StartsWith("/api/", StringComparison.Ordinal) && response.StatusCode != HttpStatusCode.MethodNotAllowed)
                {
                    Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{verb} {path} answered {(int)response.StatusCode} without problem details: {text[..Math.Min(text.Length, 300)]}");
                }

                if (before is not null)
                {
                    Assert.Equal(before, await host.RowCountsAsync());
                }
            }
        }

        string Fill(string value) => route
            .Replace("{id:guid}", draft.ToString(), StringComparison.Ordinal)
            .Replace("{linkId:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{agreementId:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{clientId}", value == "" ? "no-such-client" : value, StringComparison.Ordinal)
            .Replace("{mergeId:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{reference}", value == "" ? reference : value, StringComparison.Ordinal)
            .Replace("{documentName?}", value, StringComparison.Ordinal)
            .Replace("{documentName}", value == "" ? "v1" : value, StringComparison.Ordinal)
            .Replace("{format}", "json", StringComparison.Ordinal)
            .Replace("{serviceCode}", value == "" ? "pothole" : value, StringComparison.Ordinal)
            .Replace("{id}", value == "" ? reference : value, StringComparison.Ordinal)
            .Replace("{token}", value == "" ? Guid.NewGuid().ToString() : value, StringComparison.Ordinal)
            .Replace("{code}", value == "" ? "pothole" : value, StringComparison.Ordinal)
            .Replace("{kind}", value == "" ? "case-created" : value, StringComparison.Ordinal)
            .Replace("{variant}", value == "" ? "sms" : value, StringComparison.Ordinal)
            .Replace("{language}", value == "" ? "en" : value, StringComparison.Ordinal);

        foreach (var hostile in HostileText)
        {
            var escaped = Uri.EscapeDataString(hostile.Length > 2000 ? hostile[..2000] : hostile);
            // In the route, when it has a value to replace, and in the query string of every endpoint.
            current = hostile.Length > 60 ? hostile[..60] + "…" : hostile;
            // The test server refuses a NUL in a path before the host sees it (Kestrel answers 400).
            if (route.Contains('{', StringComparison.Ordinal) && !hostile.Contains('\0', StringComparison.Ordinal))
            {
                await SendAsync(Fill(escaped), Content(body, "{}"));
            }

            await SendAsync($"{Fill("")}?q={escaped}&page={escaped}&limit={escaped}&since={escaped}&status={escaped}&api_key={escaped}&hub.mode={escaped}", Content(body, "{}"));
            if (body == Body.Json)
            {
                var json = JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["citizenId"] = hostile,
                    ["channel"] = hostile,
                    ["description"] = hostile,
                    ["text"] = hostile,
                    ["status"] = hostile,
                    ["priority"] = hostile,
                    ["url"] = hostile,
                    ["email"] = hostile,
                    ["body"] = hostile,
                    ["serviceCode"] = hostile,
                    ["answers"] = new Dictionary<string, string> { [hostile] = hostile },
                    ["object"] = hostile,
                    ["entry"] = hostile,
                });
                await SendAsync(Fill(""), Content(body, json));
            }
            else if (body == Body.Form)
            {
                await SendAsync(Fill(""), new FormUrlEncodedContent(
                [
                    new("grant_type", hostile), new("username", hostile), new("password", hostile), new("client_id", hostile),
                    new("api_key", hostile), new("service_code", hostile), new("lat", hostile), new("long", hostile), new("description", hostile),
                    new("email", hostile), new("attribute[size]", hostile), new("From", hostile), new("Body", hostile), new("MessageSid", hostile),
                    new("MediaUrl0", hostile), new("NumMedia", hostile), new("MessageStatus", hostile),
                ]));
            }
        }

        if (body != Body.None)
        {
            foreach (var broken in BrokenJson)
            {
                current = broken.Length > 60 ? broken[..60] + "…" : broken;
                await SendAsync(Fill(""), Content(Body.Json, broken));
            }

            await SendAsync(Fill(""), new StringContent("<xml/>", Encoding.UTF8, "application/xml"));
            await SendAsync(Fill(""), new StringContent("plain", Encoding.UTF8, "text/plain"));
            await SendAsync(Fill(""), new StringContent("a=%zz&b=%", Encoding.UTF8, "application/x-www-form-urlencoded"));
            await SendAsync(Fill(""), new ByteArrayContent([0xC3, 0x28, 0xFF, 0xFE]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
            await SendAsync(Fill(""), new StringContent("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb", Encoding.UTF8, "multipart/form-data"));
            await SendAsync(Fill(""), new StringContent($"{{\"description\":\"{new string('a', 3 * 1024 * 1024)}\"}}", Encoding.UTF8, "application/json"));
        }

        // Tokens that are not ours: garbage, unsigned, signed by someone else, and one of ours cut short.
        var ours = (await host.StaffClientAsync()).DefaultRequestHeaders.Authorization!.Parameter!;
        foreach (var forged in new[]
        {
            "not-a-jwt",
            "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhZG1pbiIsImNpdmljaHViX2tpbmQiOiJzdGFmZiIsInJvbGUiOiJhZG1pbmlzdHJhdG9yIn0.",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiIsImF1ZCI6Im90aGVyIiwiZXhwIjoxfQ.c2lnbmVkLWJ5LXNvbWVvbmUtZWxzZQ",
            ours[..^8],
        })
        {
            var client = host.AnonymousClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);
            await SendAsync(Fill(""), Content(body, "{}"), client);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{method} {route}: {cases} hostile requests");
        Assert.True(cases >= HostileText.Count);
    }

    private static HttpContent? Content(Body body, string json) => body switch
    {
        Body.None => null,
        Body.Form => new FormUrlEncodedContent([new("x", json)]),
        _ => new StringContent(json, Encoding.UTF8, "application/json"),
    };
}

[Collection(SqliteCollection.Name)]
public sealed class EndpointBadInputOnSqlite(SqliteHost host) : EndpointBadInputTests(host);

[Collection(PostgresCollection.Name)]
public sealed class EndpointBadInputOnPostgres(PostgresHost host) : EndpointBadInputTests(host);
