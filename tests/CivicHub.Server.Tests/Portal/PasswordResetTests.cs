using System.Text.RegularExpressions;
using CivicHub.Core.Accounts;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Portal;

/// <summary>The rules of "forgot password" that need no mailbox: one answer for every address, expiry, the password rules, the limits.</summary>
public abstract partial class PasswordResetTests(CivicHubHost host)
{
    private const string Password = "a long portal passphrase";

    [Fact]
    public async Task Forgot_password_answers_the_same_whether_or_not_an_account_uses_the_address()
    {
        var known = await SignUpAsync();
        var unknown = $"{Guid.NewGuid():N}@mail.example";
        using var browser = new PortalForms(host);

        var forKnown = await browser.SubmitForPageAsync("/account/forgot-password", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = known });
        var forUnknown = await browser.SubmitForPageAsync("/account/forgot-password", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = unknown });

        Assert.Equal(Normalised(forKnown), Normalised(forUnknown));
        Assert.Contains("data-testid=\"reset-requested\"", forUnknown, StringComparison.Ordinal);
        Assert.Equal(1, await host.InDbAsync(db => db.OutboundMessages.CountAsync(m => m.Recipient == known && m.TemplateKey == AccountEmails.ResetTemplate)));
        Assert.Equal(0, await host.InDbAsync(db => db.OutboundMessages.CountAsync(m => m.Recipient == unknown)));
    }

    [Fact]
    public async Task A_reset_link_is_refused_once_expired_and_a_new_password_must_pass_the_rules()
    {
        var email = await SignUpAsync();
        var accounts = (IServiceProvider sp) => sp.GetRequiredService<CitizenAccounts>();
        await host.InScopeAsync(sp => accounts(sp).RequestPasswordResetAsync(email, "http://localhost/account/reset-password", CancellationToken.None));
        var token = await TokenOfLastResetAsync(email);

        var weak = await host.InScopeAsync(sp => accounts(sp).ResetPasswordAsync(token, "password1234", CancellationToken.None));
        Assert.Contains("password", weak.Problem!.Errors!.Keys);
        var named = await host.InScopeAsync(sp => accounts(sp).ResetPasswordAsync(token, "Kwabena Asante 2024", CancellationToken.None));
        Assert.Contains("password", named.Problem!.Errors!.Keys);

        // A second request within the minute sends nothing more; the first link still stands.
        await host.InScopeAsync(sp => accounts(sp).RequestPasswordResetAsync(email, "http://localhost/account/reset-password", CancellationToken.None));
        Assert.Equal(1, await host.InDbAsync(db => db.OutboundMessages.CountAsync(m => m.Recipient == email && m.TemplateKey == AccountEmails.ResetTemplate)));

        await host.InDbAsync(async db =>
        {
            var account = await db.CitizenAccounts.SingleAsync(a => a.Email == email);
            account.PasswordResetExpiresAt = DateTime.UtcNow.AddSeconds(-1);
            return await db.SaveChangesAsync();
        });
        var expired = await host.InScopeAsync(sp => accounts(sp).ResetPasswordAsync(token, "river lanterns under october rain", CancellationToken.None));
        Assert.Contains("token", expired.Problem!.Errors!.Keys);
        Assert.True((await host.InScopeAsync(sp => accounts(sp).SignInAsync(email, Password, CancellationToken.None))).Succeeded);
    }

    [Fact]
    public async Task A_reset_link_used_several_times_at_once_sets_one_password()
    {
        var email = await SignUpAsync();
        var accounts = (IServiceProvider sp) => sp.GetRequiredService<CitizenAccounts>();
        await host.InScopeAsync(sp => accounts(sp).RequestPasswordResetAsync(email, "http://localhost/account/reset-password", CancellationToken.None));
        var token = await TokenOfLastResetAsync(email);
        var passwords = Enumerable.Range(1, 6).Select(i => $"river lanterns under october rain {i}").ToList();

        var results = await Task.WhenAll(passwords.Select(password =>
            host.InScopeAsync(sp => accounts(sp).ResetPasswordAsync(token, password, CancellationToken.None))));

        var winner = Assert.Single(passwords.Zip(results), p => p.Second.Succeeded).First;
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains("token", r.Problem!.Errors!.Keys));
        Assert.True((await host.InScopeAsync(sp => accounts(sp).SignInAsync(email, winner, CancellationToken.None))).Succeeded);
        Assert.False((await host.InScopeAsync(sp => accounts(sp).SignInAsync(email, passwords.First(p => p != winner), CancellationToken.None))).Succeeded);
    }

    [Fact]
    public async Task Forgot_password_is_rate_limited_per_address()
    {
        var client = host.AnonymousClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{Random.Shared.Next(1, 255)}");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "forgot-password", ["Input.Email"] = "someone@mail.example" });
            statuses.Add((await client.PostAsync(Http.Url("/account/forgot-password"), form)).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(5));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        // Reading the form is never limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Http.Url("/account/forgot-password"))).StatusCode);
    }

    private async Task<string> SignUpAsync()
    {
        var email = $"{Guid.NewGuid():N}@mail.example";
        var signedUp = await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccounts>().SignUpAsync(
            new CitizenAccounts.SignUpRequest("Kwabena", "Asante", email, Password, "en", "http://localhost/account/verify"), CancellationToken.None));
        Assert.True(signedUp.Succeeded);
        return email;
    }

    private async Task<string> TokenOfLastResetAsync(string email)
    {
        var body = await host.InDbAsync(db => db.OutboundMessages.Where(m => m.Recipient == email && m.TemplateKey == AccountEmails.ResetTemplate).Select(m => m.Body).SingleAsync());
        return Uri.UnescapeDataString(Regex.Match(body, @"\?token=([^\s]+)").Groups[1].Value);
    }

    /// <summary>The page without what differs on every request (the anti-forgery token, the script nonces).</summary>
    private static string Normalised(string html) => PerRequest().Replace(html, "");

    [GeneratedRegex("CfDJ8[^\"]*|nonce=\"[^\"]*\"")]
    private static partial Regex PerRequest();
}

[Collection(SqliteCollection.Name)]
public sealed class PasswordResetOnSqlite(SqliteHost host) : PasswordResetTests(host);

[Collection(PostgresCollection.Name)]
public sealed class PasswordResetOnPostgres(PostgresHost host) : PasswordResetTests(host);
