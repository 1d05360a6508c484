using CivicHub.Server.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Tests.Auth;

/// <summary>
/// A citizen's sign-in ended through another host (a password reset or signing out everywhere there), which this one
/// learns of only from the database: its access tokens stand until this host asks again, then no more.
/// </summary>
public sealed class CitizenTokenRecheckTests(StandingRecheckHost host) : IClassFixture<StandingRecheckHost>
{
    [Fact]
    public async Task A_sign_in_ended_elsewhere_keeps_its_access_token_until_this_host_asks_again_and_then_ends_it()
    {
        var interval = host.Services.GetRequiredService<IOptions<AuthOptions>>().Value.CitizenRecheckInterval;
        var (email, _) = await SsoCitizens.NewAsync(host);
        using var browser = new CitizenBrowser(host, email, SsoCitizens.Password);
        var login = await SsoCitizens.RelyingParty(host, "civichub-mobile", SsoCitizens.MobileRedirect, browser, "openid profile").LoginAsync();
        Assert.False(login.IsError, login.Error);

        var asked = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.OK, (await SsoCitizens.UserInfoAsync(host, login.AccessToken)).StatusCode);
        // As another host's reset writes it: a new stamp, with nothing said to this host.
        await host.InDbAsync(db => db.CitizenAccounts.Where(a => a.Email == email)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.SessionStamp, "replaced-on-another-host")));

        // This host read the account's stamp when it served the request above and keeps it for the interval.
        var again = await SsoCitizens.UserInfoAsync(host, login.AccessToken);
        if (DateTime.UtcNow - asked < interval)
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        var response = await StandingRecheckHost.UntilRefusedAsync(
            () => SsoCitizens.UserInfoAsync(host, login.AccessToken), interval, "The ended sign-in's access token was still accepted after the recheck interval.");

        SsoCitizens.AssertSignInEnded(response);
    }
}
