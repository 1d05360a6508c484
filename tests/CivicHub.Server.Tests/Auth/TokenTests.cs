using CivicHub.Core.Demo;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;

namespace CivicHub.Server.Tests.Auth;

/// <summary>Tokens at /connect/token, and every /api/v1 call checking the token and the caller's role.</summary>
public abstract class TokenTests(CivicHubHost host)
{
    [Fact]
    public async Task Discovery_document_names_the_token_endpoint_and_grants()
    {
        var discovery = await host.AnonymousClient().GetJsonAsync("/.well-known/openid-configuration");
        Assert.EndsWith("/connect/token", discovery.GetProperty("token_endpoint").GetString(), StringComparison.Ordinal);
        var grants = discovery.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()).ToList();
        Assert.Contains("client_credentials", grants);
        Assert.Contains("password", grants);
        Assert.Contains("refresh_token", grants);
    }

    [Fact]
    public async Task Api_without_a_token_is_refused_with_a_problem()
    {
        var response = await host.AnonymousClient().GetAsync(Http.Url("/api/v1/cases/K7M4-9QX2"));
        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("/connect/token", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_token_is_refused()
    {
        var client = host.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.");
        await (await client.GetAsync(Http.Url("/api/v1/departments"))).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Wrong_client_secret_gets_no_token()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "demo-integrator",
            ["client_secret"] = "wrong",
        });
        var response = await host.AnonymousClient().PostAsync(Http.Url("/connect/token"), form);
        Assert.False(response.IsSuccessStatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Wrong_staff_password_gets_invalid_grant()
    {
        // A member of staff of its own: failures count towards a lockout, which must not reach the demo staff.
        var (_, userName, _) = await host.NewStaffAsync();
        await (await host.PasswordGrantAsync(userName, "not her password", otp: null)).RefusedGrantAsync();
    }

    [Fact]
    public async Task Staff_refresh_token_gives_a_new_access_token()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "civichub-desk",
            ["username"] = "priya",
            ["password"] = CivicHubHost.StaffPassword,
            ["otp"] = await host.OneTimeCodeAsync("priya", DemoStaff.TotpSecret(CivicHubHost.StaffTotpSeed, "priya")),
            ["scope"] = "api offline_access",
        });
        var client = host.AnonymousClient();
        var first = await (await client.PostAsync(Http.Url("/connect/token"), form)).JsonAsync(HttpStatusCode.OK);
        using var refresh = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = "civichub-desk",
            ["refresh_token"] = first.GetProperty("refresh_token").GetString()!,
        });
        var second = await (await client.PostAsync(Http.Url("/connect/token"), refresh)).JsonAsync(HttpStatusCode.OK);
        client.DefaultRequestHeaders.Authorization = new("Bearer", second.GetProperty("access_token").GetString());
        await client.GetJsonAsync("/api/v1/citizens?q=rosa");
    }

    [Fact]
    public async Task Integration_clients_may_open_cases_but_not_browse_citizens()
    {
        var integration = await host.IntegrationClientAsync();
        await (await integration.GetAsync(Http.Url("/api/v1/citizens?q=rosa"))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await integration.GetAsync(Http.Url("/api/v1/drafts?citizenId=" + Guid.NewGuid()))).ProblemAsync(HttpStatusCode.Forbidden);

        var created = await (await integration.PostJsonAsync("/api/v1/cases", new
        {
            citizen = new { givenName = "Lee", familyName = "Integrator", phones = new[] { Http.NewPhone() } },
            serviceCode = "pothole",
            channel = "mobile",
            description = "Deep pothole in the bike lane",
            answers = new { location = "400 Main Street" },
            latitude = 39.78,
            longitude = -89.65,
        })).JsonAsync(HttpStatusCode.Created);
        var reference = created.GetProperty("reference").GetString()!;
        var @case = await integration.GetJsonAsync($"/api/v1/cases/{reference}");
        Assert.Equal("PUBWORKS", @case.GetProperty("department").GetProperty("code").GetString());
        await (await integration.PostJsonAsync($"/api/v1/cases/{reference}/status", new { status = "triaged" })).ProblemAsync(HttpStatusCode.Forbidden);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TokenOnSqlite(SqliteHost host) : TokenTests(host);

[Collection(PostgresCollection.Name)]
public sealed class TokenOnPostgres(PostgresHost host) : TokenTests(host);
