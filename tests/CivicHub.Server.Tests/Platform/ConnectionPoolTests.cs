using CivicHub.Core.Catalog;
using CivicHub.Core.Privacy.Agreements;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CivicHub.Server.Tests.Platform;

/// <summary>
/// A host's pool of PostgreSQL connections is small, and a request may hold one of them while it asks the in-memory
/// catalog or agreements, which then load from the database: they load through a pool of their own, so a request
/// never waits for a connection that only it could give back. Here the host has a single connection: without the
/// caches' own pool, each request below would wait out the pool's timeout and fail.
/// </summary>
public sealed class ConnectionPoolTests : IAsyncLifetime
{
    private readonly OneConnectionHost _host = new();

    public ValueTask InitializeAsync() => _host.InitializeAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_case_opened_in_an_idempotent_transaction_loads_the_catalog_beside_it()
    {
        _host.RequireDatabase();
        var staff = await _host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        _host.Services.GetRequiredService<CatalogSnapshot>().Invalidate();

        using var request = new HttpRequestMessage(HttpMethod.Post, Http.Url("/api/v1/cases"))
        {
            Content = JsonContent.Create(new { citizenId, channel = "phone", description = "Streetlight out on Elm Street" }, options: CivicHubHost.Json),
        };
        request.Headers.Add("Idempotency-Key", $"pool-{Guid.NewGuid():N}");
        var created = await AnswerAsync(await staff.SendAsync(request), HttpStatusCode.Created);

        var @case = await staff.GetJsonAsync($"/api/v1/cases/{created.GetProperty("reference").GetString()}");
        Assert.Equal(citizenId, @case.GetProperty("citizen").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_360_view_loads_the_catalog_and_the_agreements_beside_its_open_connection()
    {
        _host.RequireDatabase();
        var staff = await _host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync("Pool", "Probe");
        // The first view has the host remember the member of staff's departments, so the second decides what they may
        // see on a guess, with its connection open, and asks both caches then.
        await staff.GetJsonAsync($"/api/v1/citizens/{citizenId}");
        _host.Services.GetRequiredService<CatalogSnapshot>().Invalidate();
        _host.Services.GetRequiredService<AgreementSnapshot>().Invalidate();

        var view = await AnswerAsync(await staff.GetAsync(Http.Url($"/api/v1/citizens/{citizenId}")), HttpStatusCode.OK);

        Assert.Equal("Pool Probe", view.GetProperty("citizen").GetProperty("displayName").GetString());
    }

    /// <summary>The response's JSON; when it is not the one expected, the failure says what the host logged as errors.</summary>
    private async Task<JsonElement> AnswerAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}. The host logged:\n{_host.Logs.Errors()}");

        return await response.JsonAsync(expected);
    }

    /// <summary>CivicHub on PostgreSQL with one pooled connection (waited for as long as Npgsql waits by default, 15 seconds).</summary>
    private sealed class OneConnectionHost : PostgresHost
    {
        protected override string? ConnectionString =>
            base.ConnectionString is { } connectionString
                ? new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 1 }.ConnectionString
                : null;
    }
}
