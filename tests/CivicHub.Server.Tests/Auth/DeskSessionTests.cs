using System.Globalization;
using CivicHub.Core.Staff;
using CivicHub.Server.Components.Desk;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Tests.Auth;

/// <summary>
/// The desk session ends after the idle timeout, after its absolute lifetime however active, and soon after the
/// account is deactivated. The tests present desk cookies whose ticket times are set in the past, protected with the
/// host's own keys, instead of waiting for the clock.
/// </summary>
public abstract class DeskSessionTests(CivicHubHost host)
{
    [Fact]
    public async Task The_desk_cookie_lasts_the_idle_timeout_and_slides_with_each_request()
    {
        var cookie = Options();
        Assert.Equal(host.Services.GetRequiredService<IOptions<DeskOptions>>().Value.IdleTimeout, cookie.ExpireTimeSpan);
        Assert.True(cookie.SlidingExpiration);
        var (id, _, _) = await host.NewStaffAsync();
        var now = DateTimeOffset.UtcNow;

        // Two thirds of the idle time gone: the request is served and the cookie is renewed for a full idle time.
        var response = await DeskAsync(await TicketAsync(id, now.AddMinutes(-20), now.AddMinutes(10), signedInAt: now.AddMinutes(-20), checkedAt: now));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var renewed = RenewedTicket(response);
        Assert.NotNull(renewed);
        Assert.True(renewed.Properties.ExpiresUtc > now.AddMinutes(25), $"renewed until {renewed.Properties.ExpiresUtc}");
    }

    [Fact]
    public async Task A_desk_session_idle_past_the_timeout_is_sent_to_sign_in()
    {
        var (id, _, _) = await host.NewStaffAsync();
        var now = DateTimeOffset.UtcNow;

        var idle = await DeskAsync(await TicketAsync(id, now.AddMinutes(-31), now.AddMinutes(-1), signedInAt: now.AddMinutes(-31), checkedAt: now.AddMinutes(-31)));

        AssertSentToSignIn(idle);
    }

    [Fact]
    public async Task A_desk_session_older_than_its_absolute_lifetime_ends_however_active()
    {
        var (id, _, _) = await host.NewStaffAsync();
        var now = DateTimeOffset.UtcNow;

        var old = await DeskAsync(await TicketAsync(id, now.AddMinutes(-1), now.AddMinutes(29), signedInAt: now.AddHours(-13), checkedAt: now));
        var young = await DeskAsync(await TicketAsync(id, now.AddMinutes(-1), now.AddMinutes(29), signedInAt: now.AddHours(-11), checkedAt: now));

        AssertSentToSignIn(old);
        Assert.Equal(HttpStatusCode.OK, young.StatusCode);
    }

    [Fact]
    public async Task A_deactivated_member_of_staff_loses_the_desk_at_the_next_check()
    {
        var (id, _, _) = await host.NewStaffAsync();
        var now = DateTimeOffset.UtcNow;
        var lastCheckedTwoMinutesAgo = await TicketAsync(id, now.AddMinutes(-2), now.AddMinutes(28), signedInAt: now.AddMinutes(-2), checkedAt: now.AddMinutes(-2));
        Assert.Equal(HttpStatusCode.OK, (await DeskAsync(lastCheckedTwoMinutesAgo)).StatusCode);

        await host.InDbAsync(db => db.Staff.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Active, false)));

        AssertSentToSignIn(await DeskAsync(lastCheckedTwoMinutesAgo));
    }

    [Fact]
    public async Task The_session_ended_address_signs_out_only_a_member_no_longer_in_the_cookie_s_role()
    {
        var (id, _, _) = await host.NewStaffAsync();
        var now = DateTimeOffset.UtcNow;
        var ticket = await TicketAsync(id, now, now.AddMinutes(30), signedInAt: now, checkedAt: now);

        // A member still in their role (someone followed a link here) goes back to the desk, still signed in.
        var stillActive = await DeskAsync(ticket, DeskAuth.SessionEndedPath);
        Assert.Equal(HttpStatusCode.Redirect, stillActive.StatusCode);
        Assert.Equal("/desk", stillActive.Headers.Location!.OriginalString);
        Assert.Null(DeskCookieSet(stillActive));

        await host.ChangeStaffAsync(id, StaffRole.Agent, active: false);

        var ended = await DeskAsync(ticket, DeskAuth.SessionEndedPath);
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Equal($"{DeskAuth.SignInPath}?ended=1", ended.Headers.Location!.OriginalString);
        Assert.Equal("", DeskCookieSet(ended));
    }

    private CookieAuthenticationOptions Options() =>
        host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(DeskAuth.Scheme);

    private async Task<string> TicketAsync(Guid staffId, DateTimeOffset issued, DateTimeOffset expires, DateTimeOffset signedInAt, DateTimeOffset checkedAt)
    {
        var staff = await host.InDbAsync(db => db.Staff.AsNoTracking().FirstAsync(s => s.Id == staffId));
        var properties = DeskSessionValidator.NewSession(signedInAt);
        properties.Items[DeskSessionValidator.CheckedAtItem] = checkedAt.ToString("O", CultureInfo.InvariantCulture);
        properties.IssuedUtc = issued;
        properties.ExpiresUtc = expires;
        return Options().TicketDataFormat.Protect(new AuthenticationTicket(DeskAuth.PrincipalOf(staff), properties, DeskAuth.Scheme));
    }

    private async Task<HttpResponseMessage> DeskAsync(string ticket, string path = "/desk")
    {
        host.RequireDatabase();
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, Http.Url(path));
        request.Headers.Add("Cookie", $"civichub.desk={ticket}");
        return await client.SendAsync(request);
    }

    // The desk cookie's new value when the response sets it (empty when it deletes it), else null.
    private static string? DeskCookieSet(HttpResponseMessage response)
    {
        var header = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(v => v.StartsWith("civichub.desk=", StringComparison.Ordinal)) : null;
        return header?["civichub.desk=".Length..header.IndexOf(';', StringComparison.Ordinal)];
    }

    private AuthenticationTicket? RenewedTicket(HttpResponseMessage response) =>
        DeskCookieSet(response) is { } value ? Options().TicketDataFormat.Unprotect(value) : null;

    private static void AssertSentToSignIn(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith("/desk/sign-in", location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DeskSessionOnSqlite(SqliteHost host) : DeskSessionTests(host);

[Collection(PostgresCollection.Name)]
public sealed class DeskSessionOnPostgres(PostgresHost host) : DeskSessionTests(host);
