using CivicHub.Core.Staff;
using CivicHub.Server.Auth;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Tests.Auth;

/// <summary>
/// A member of staff's access token stops working when the account is deactivated or its role changes, not an hour
/// later when the token expires: at once on the host where an administrator made the change, and within the recheck
/// interval on a host that learns of it from the database (<see cref="StaffTokenStanding"/>).
/// </summary>
public abstract class StaffTokenStandingTests(CivicHubHost host)
{
    [Fact]
    public async Task A_member_deactivated_by_an_administrator_loses_the_api_at_the_next_request()
    {
        var (leaving, leavingName, leavingSecret) = await host.NewStaffAsync();
        var (_, stayingName, stayingSecret) = await host.NewStaffAsync();
        var leaver = await ClientAsync(leavingName, leavingSecret);
        var stayer = await ClientAsync(stayingName, stayingSecret);
        Assert.Equal(HttpStatusCode.OK, (await leaver.GetAsync(Http.Url("/api/v1/departments"))).StatusCode);

        await host.ChangeStaffAsync(leaving, StaffRole.Agent, active: false);

        await AssertRefusedAsync(await leaver.GetAsync(Http.Url("/api/v1/departments")));
        Assert.Equal(HttpStatusCode.OK, (await stayer.GetAsync(Http.Url("/api/v1/departments"))).StatusCode);
    }

    [Fact]
    public async Task A_role_taken_away_ends_the_tokens_issued_with_it_and_a_new_token_has_the_new_role()
    {
        var (id, userName, secret) = await host.NewStaffAsync(StaffRole.Supervisor);
        var supervisor = await ClientAsync(userName, secret);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync(Http.Url("/api/v1/audit"))).StatusCode);

        await host.ChangeStaffAsync(id, StaffRole.Agent, active: true);

        await AssertRefusedAsync(await supervisor.GetAsync(Http.Url("/api/v1/audit")));
        var agent = await ClientAsync(userName, secret);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync(Http.Url("/api/v1/departments"))).StatusCode);
        await (await agent.GetAsync(Http.Url("/api/v1/audit"))).ProblemAsync(HttpStatusCode.Forbidden);
    }

    private async Task<HttpClient> ClientAsync(string userName, byte[] secret)
    {
        var client = host.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await host.StaffTokenAsync(userName, secret));
        return client;
    }

    internal static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        var challenge = string.Join(' ', response.Headers.WwwAuthenticate.Select(h => h.ToString()));
        Assert.Contains("invalid_token", challenge, StringComparison.Ordinal);
        Assert.Contains(StaffTokenStanding.Refused, challenge, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class StaffTokenStandingOnSqlite(SqliteHost host) : StaffTokenStandingTests(host);

[Collection(PostgresCollection.Name)]
public sealed class StaffTokenStandingOnPostgres(PostgresHost host) : StaffTokenStandingTests(host);

/// <summary>A change made by another host, which this one learns of only from the database.</summary>
public sealed class StaffTokenRecheckTests(StandingRecheckHost host) : IClassFixture<StandingRecheckHost>
{
    [Fact]
    public async Task A_member_deactivated_elsewhere_keeps_the_api_until_this_host_asks_again_and_then_loses_it()
    {
        var interval = host.Services.GetRequiredService<IOptions<AuthOptions>>().Value.StaffRecheckInterval;
        var (id, userName, secret) = await host.NewStaffAsync();
        var client = host.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await host.StaffTokenAsync(userName, secret));

        var asked = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Http.Url("/api/v1/departments"))).StatusCode);
        await host.InDbAsync(db => db.Staff.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Active, false)));

        // This host read the member's standing when it served the request above and keeps it for the interval.
        var again = await client.GetAsync(Http.Url("/api/v1/departments"));
        if (DateTime.UtcNow - asked < interval)
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        var response = await StandingRecheckHost.UntilRefusedAsync(
            () => client.GetAsync(Http.Url("/api/v1/departments")), interval, "The deactivated member's token was still accepted after the recheck interval.");

        await StaffTokenStandingTests.AssertRefusedAsync(response);
    }
}

/// <summary>
/// CivicHub asking the database every two seconds whether a token's member of staff still holds its role, and whether
/// a citizen's sign-in still stands.
/// </summary>
public sealed class StandingRecheckHost : SqliteHost
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Demo:Citizens", "5");
        builder.UseSetting("Auth:StaffRecheckInterval", "00:00:02");
        builder.UseSetting("Auth:CitizenRecheckInterval", "00:00:02");
    }

    /// <summary>Calls again every 200 ms while the call is answered 200; fails when that lasts past the interval and some.</summary>
    public static async Task<HttpResponseMessage> UntilRefusedAsync(Func<Task<HttpResponseMessage>> call, TimeSpan interval, string stillAccepted)
    {
        ArgumentNullException.ThrowIfNull(call);
        var deadline = DateTime.UtcNow + interval + TimeSpan.FromSeconds(10);
        HttpResponseMessage response;
        while ((response = await call()).StatusCode == HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, stillAccepted);
            await Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
        }

        return response;
    }
}
