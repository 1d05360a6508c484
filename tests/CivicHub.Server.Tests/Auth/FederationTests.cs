using System.Text.RegularExpressions;
using CivicHub.Core.Accounts;
using CivicHub.Core.Citizens;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Auth;

/// <summary>
/// Citizens signing in to the portal with the state login: the browser's redirects are followed by hand between the
/// portal and the in-memory provider, each keeping its own cookies.
/// </summary>
public abstract partial class FederationTests(CivicHubHost host)
{
    private const string Password = "a long portal passphrase";

    private static StateLoginProvider Provider => StateLoginProvider.Shared;

    [Fact]
    public async Task First_state_login_opens_an_account_and_a_citizen_with_the_verified_email()
    {
        var person = Person.New();
        var portal = Browser();

        var landed = await SignInWithStateLoginAsync(portal, person);

        Assert.Equal("/account/requests", landed);
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync(new Uri("/account/requests", UriKind.Relative))).StatusCode);
        var (account, link, citizen) = await host.InDbAsync(async db =>
        {
            var account = await db.CitizenAccounts.SingleAsync(a => a.Email == person.Email);
            var link = await db.FederatedLogins.SingleAsync(l => l.Subject == person.Subject);
            var value = account.Id.ToString();
            var citizenId = await db.ChannelIdentities.Where(i => i.Kind == IdentityKind.Portal && i.Value == value).Select(i => i.CitizenId).SingleAsync();
            var citizen = await db.Citizens.Include(c => c.Identities).SingleAsync(c => c.Id == citizenId);
            return (account, link, citizen);
        });
        Assert.Equal(StateLoginProvider.Issuer, link.Issuer);
        Assert.Equal(account.Id, link.AccountId);
        Assert.NotNull(account.EmailVerifiedAt);
        Assert.Equal(string.Empty, account.PasswordHash);
        Assert.Equal("Rosa", citizen.GivenName);
        Assert.Contains(citizen.Identities, i => i.Kind == IdentityKind.Email && i.Value == person.Email && i.Verified);
    }

    [Fact]
    public async Task Second_state_login_signs_into_the_same_citizen()
    {
        var person = Person.New();
        Assert.Equal("/account/requests", await SignInWithStateLoginAsync(Browser(), person));

        var again = Browser();
        Assert.Equal("/account/requests", await SignInWithStateLoginAsync(again, person));

        Assert.Equal(1, await host.InDbAsync(db => db.CitizenAccounts.CountAsync(a => a.Email == person.Email)));
        Assert.Equal(1, await host.InDbAsync(db => db.FederatedLogins.CountAsync(l => l.Subject == person.Subject)));
        // The second browser is signed in as that account, whose only way in is the state login: it cannot be unlinked.
        var profileResponse = await again.GetAsync(new Uri("/account/profile", UriKind.Relative));
        var profile = await profileResponse.Content.ReadAsStringAsync();
        Assert.True(profileResponse.IsSuccessStatusCode, profile);
        Assert.Contains("This account has no password", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("account/federation/unlink", profile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_in_citizen_links_their_state_login_and_can_unlink_it_while_they_have_a_password()
    {
        var person = Person.New();
        var accountId = await SignUpAsync(person.Email);
        var portal = Browser();
        await SignInWithPasswordAsync(portal, person.Email);

        var landed = await StateLoginAsync(portal, person, "/account/profile", "account/federation/link");

        Assert.Equal("/account/profile?federation=linked", landed);
        var link = await host.InDbAsync(db => db.FederatedLogins.SingleAsync(l => l.Subject == person.Subject));
        Assert.Equal(accountId, link.AccountId);

        // The state login now opens that same account from a fresh browser.
        Assert.Equal("/account/requests", await SignInWithStateLoginAsync(Browser(), person));
        Assert.Equal(1, await host.InDbAsync(db => db.CitizenAccounts.CountAsync(a => a.Email == person.Email)));

        var profile = await portal.GetStringAsync(new Uri("/account/profile", UriKind.Relative));
        using var unlink = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["login"] = link.Id.ToString(),
            ["__RequestVerificationToken"] = TokenOfForm(profile, "account/federation/unlink"),
        });
        var unlinked = await portal.PostAsync(new Uri("/account/federation/unlink", UriKind.Relative), unlink);
        Assert.Equal("/account/profile?federation=unlinked", unlinked.Headers.Location?.OriginalString);
        Assert.False(await host.InDbAsync(db => db.FederatedLogins.AnyAsync(l => l.Subject == person.Subject)));
    }

    [Fact]
    public async Task A_verified_email_of_an_existing_account_links_only_after_its_password()
    {
        var person = Person.New();
        var accountId = await SignUpAsync(person.Email);
        var portal = Browser();

        var landed = await SignInWithStateLoginAsync(portal, person);

        Assert.Equal("/account/federation/confirm", landed);
        Assert.False(await host.InDbAsync(db => db.FederatedLogins.AnyAsync(l => l.Subject == person.Subject)));
        var page = await portal.GetStringAsync(new Uri(landed, UriKind.Relative));
        Assert.Contains(person.Email, page, StringComparison.Ordinal);

        var wrong = await ConfirmAsync(portal, page, "not the password at all");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("The password is not right.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await host.InDbAsync(db => db.FederatedLogins.AnyAsync(l => l.Subject == person.Subject)));

        var right = await ConfirmAsync(portal, await portal.GetStringAsync(new Uri(landed, UriKind.Relative)), Password);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/account/requests", right.Headers.Location?.PathAndQuery);
        var link = await host.InDbAsync(db => db.FederatedLogins.SingleAsync(l => l.Subject == person.Subject));
        Assert.Equal(accountId, link.AccountId);
        Assert.Equal(1, await host.InDbAsync(db => db.CitizenAccounts.CountAsync(a => a.Email == person.Email)));
    }

    [Fact]
    public async Task An_unverified_email_of_an_existing_account_neither_links_nor_opens_a_second_account()
    {
        var person = Person.New() with { EmailVerified = false };
        await SignUpAsync(person.Email);

        var landed = await SignInWithStateLoginAsync(Browser(), person);

        Assert.Equal("/account/sign-in?federation=email-taken", landed);
        Assert.False(await host.InDbAsync(db => db.FederatedLogins.AnyAsync(l => l.Subject == person.Subject)));
        Assert.Equal(1, await host.InDbAsync(db => db.CitizenAccounts.CountAsync(a => a.Email == person.Email)));
    }

    [Theory]
    [InlineData("key")]
    [InlineData("issuer")]
    [InlineData("nonce")]
    public async Task An_id_token_that_does_not_hold_up_is_refused_and_nothing_is_created(string tamper)
    {
        var person = Person.New();
        var portal = Browser();

        var landed = await SignInWithStateLoginAsync(portal, person, tamper);

        Assert.Equal("/account/sign-in?federation=failed", landed);
        Assert.False(await host.InDbAsync(db => db.CitizenAccounts.AnyAsync(a => a.Email == person.Email)));
        Assert.False(await host.InDbAsync(db => db.FederatedLogins.AnyAsync(l => l.Subject == person.Subject)));
        var page = await portal.GetStringAsync(new Uri(landed, UriKind.Relative));
        Assert.Contains($"Signing in with {StateLoginProvider.DisplayName} did not work.", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await portal.GetAsync(new Uri("/account/profile", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Declining_at_the_provider_shows_a_clear_message_in_the_citizens_language()
    {
        var person = Person.New();
        var portal = Browser();

        var landed = await SignInWithStateLoginAsync(portal, person, deny: true);

        Assert.Equal("/account/sign-in?federation=cancelled", landed);
        var page = await portal.GetStringAsync(new Uri(landed, UriKind.Relative));
        Assert.Contains($"You cancelled signing in with {StateLoginProvider.DisplayName}.", page, StringComparison.Ordinal);
        Assert.False(await host.InDbAsync(db => db.FederatedLogins.AnyAsync(l => l.Subject == person.Subject)));

        using var spanish = new HttpRequestMessage(HttpMethod.Get, new Uri(landed, UriKind.Relative));
        spanish.Headers.AcceptLanguage.ParseAdd("es");
        var enEspanol = WebUtility.HtmlDecode(await (await portal.SendAsync(spanish)).Content.ReadAsStringAsync());
        Assert.Contains($"Usted canceló el inicio de sesión con {StateLoginProvider.DisplayName}.", enEspanol, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starting_a_state_login_needs_the_forms_anti_forgery_token()
    {
        var portal = Browser();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/account/requests" });

        var response = await portal.PostAsync(new Uri("/account/federation/start", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    /// <summary>Someone the provider knows, with a subject and an email no other test uses.</summary>
    private sealed record Person(string Subject, string Email, bool EmailVerified)
    {
        public static Person New()
        {
            var id = Guid.NewGuid().ToString("N");
            return new Person($"state-{id}", $"rosa.{id[..12]}@example.org", EmailVerified: true);
        }
    }

    /// <summary>A browser on the portal: https (the handler's correlation cookies are Secure), cookies kept, no redirects followed.</summary>
    private HttpClient Browser()
    {
        host.RequireDatabase();
        return host.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
    }

    private static Task<string> SignInWithStateLoginAsync(HttpClient portal, Person person, string? tamper = null, bool deny = false) =>
        StateLoginAsync(portal, person, "/account/sign-in", "account/federation/start", tamper, deny);

    /// <summary>Submits the page's state-login form, then follows every redirect across the two hosts; returns where the portal lands.</summary>
    private static async Task<string> StateLoginAsync(HttpClient portal, Person person, string page, string action, string? tamper = null, bool deny = false)
    {
        var html = await portal.GetStringAsync(new Uri(page, UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = TokenOfForm(html, action) });
        var started = await portal.PostAsync(new Uri("/" + action, UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var authorize = started.Headers.Location!;
        Assert.StartsWith($"{StateLoginProvider.Issuer}/authorize?", authorize.AbsoluteUri, StringComparison.Ordinal);

        // The person signs in at the provider; the test says who they are there.
        var who = $"&sub={Uri.EscapeDataString(person.Subject)}&email={Uri.EscapeDataString(person.Email)}&email_verified={(person.EmailVerified ? "true" : "false")}"
            + $"&given_name=Rosa&family_name=Ortega&tamper={tamper}{(deny ? "&deny=1" : "")}";
        var answered = await Provider.Client.GetAsync(new Uri(authorize.AbsoluteUri + who));
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        var back = answered.Headers.Location!;
        Assert.Equal("localhost", back.Host);

        var next = back.PathAndQuery;
        for (var hops = 0; hops < 5; hops++)
        {
            var response = await portal.GetAsync(new Uri(next, UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location is not { } location)
            {
                return next;
            }

            next = location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
            if (next.StartsWith("/account/federation/", StringComparison.Ordinal) && next != "/account/federation/confirm")
            {
                continue;
            }

            return next;
        }

        throw new InvalidOperationException("The portal kept redirecting.");
    }

    private async Task<Guid> SignUpAsync(string email)
    {
        var signedUp = await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccounts>().SignUpAsync(
            new CitizenAccounts.SignUpRequest("Rosa", "Ortega", email, Password, "en", "https://localhost/account/verify"), CancellationToken.None));
        Assert.True(signedUp.Succeeded);
        return signedUp.Value!.Citizen.AccountId;
    }

    private static async Task SignInWithPasswordAsync(HttpClient portal, string email)
    {
        var html = await portal.GetStringAsync(new Uri("/account/sign-in", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
            ["__RequestVerificationToken"] = TokenOfForm(html, "_handler"),
        });
        var response = await portal.PostAsync(new Uri("/account/sign-in", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static Task<HttpResponseMessage> ConfirmAsync(HttpClient portal, string page, string password)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "federation-confirm",
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = TokenOfForm(page, "_handler"),
        });
        return portal.PostAsync(new Uri("/account/federation/confirm", UriKind.Relative), form);
    }

    /// <summary>The anti-forgery token of the first form after the given marker (a form action or Blazor's _handler field).</summary>
    private static string TokenOfForm(string html, string marker)
    {
        var at = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"No form with {marker} on the page.");
        var match = TokenPattern().Match(html, at);
        Assert.True(match.Success, $"No anti-forgery token after {marker}.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

[Collection(SqliteCollection.Name)]
public sealed class FederationOnSqlite(SqliteHost host) : FederationTests(host);

[Collection(PostgresCollection.Name)]
public sealed class FederationOnPostgres(PostgresHost host) : FederationTests(host);
