using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Tests.Open311;

/// <summary>Administrators manage the api_keys Open311 clients submit with; nobody else may, and a key is shown only once.</summary>
public abstract class Open311KeyTests(CivicHubHost host)
{
    [Fact]
    public async Task An_administrator_issues_a_key_that_is_shown_once_and_stored_hashed()
    {
        var admin = await host.StaffClientAsync("morgan");
        var created = await (await admin.PostJsonAsync("/api/v1/open311-keys", new { name = "County 311 app" })).JsonAsync(HttpStatusCode.Created);
        var secret = created.GetProperty("apiKey").GetString()!;
        var id = created.GetProperty("key").GetProperty("id").GetGuid();
        Assert.Equal("mobile", created.GetProperty("key").GetProperty("channel").GetString());

        var listed = await admin.GetJsonAsync("/api/v1/open311-keys");
        var entry = Assert.Single(listed.EnumerateArray(), k => k.GetProperty("id").GetGuid() == id);
        Assert.DoesNotContain(secret, entry.GetRawText(), StringComparison.Ordinal);
        Assert.False(entry.TryGetProperty("apiKey", out _));

        var stored = await host.InDbAsync(db => db.ApiKeys.Where(k => k.Id == id).Select(k => k.KeyHash).SingleAsync());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret))), stored);
    }

    [Fact]
    public async Task Staff_other_than_administrators_may_not_manage_keys()
    {
        var agent = await host.StaffClientAsync("dana");
        await (await agent.PostJsonAsync("/api/v1/open311-keys", new { name = "Sneaky" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.GetAsync(Http.Url("/api/v1/open311-keys"))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await (await host.IntegrationClientAsync()).PostJsonAsync("/api/v1/open311-keys", new { name = "Sneaky" })).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.AnonymousClient().GetAsync(Http.Url("/api/v1/open311-keys"))).StatusCode);
    }

    [Fact]
    public async Task A_key_needs_a_name()
    {
        var admin = await host.StaffClientAsync("morgan");
        await (await admin.PostJsonAsync("/api/v1/open311-keys", new { name = "" })).ProblemAsync(HttpStatusCode.BadRequest, "name");
    }

    [Fact]
    public async Task Revoking_an_unknown_key_is_not_found()
    {
        var admin = await host.StaffClientAsync("morgan");
        await (await admin.PostJsonAsync($"/api/v1/open311-keys/{Guid.NewGuid()}/revoke", new { })).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_demo_key_from_configuration_submits_requests()
    {
        var id = await host.AnonymousClient().SubmitAsync(("api_key", CivicHubHost.Open311ApiKey));
        Assert.False(string.IsNullOrEmpty(id));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class Open311KeysOnSqlite(SqliteHost host) : Open311KeyTests(host);

[Collection(PostgresCollection.Name)]
public sealed class Open311KeysOnPostgres(PostgresHost host) : Open311KeyTests(host);
