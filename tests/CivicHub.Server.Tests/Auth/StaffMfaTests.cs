using System.Text.RegularExpressions;
using CivicHub.Core.Staff;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Tests.Auth;

/// <summary>The second factor: the password grant's otp parameter, the desk's code step, first-time set-up and recovery codes.</summary>
public abstract class StaffMfaTests(CivicHubHost host)
{
    [Fact]
    public async Task Password_grant_without_a_code_is_refused_and_says_to_send_otp()
    {
        var (_, userName, _) = await host.NewStaffAsync();

        var description = await (await host.PasswordGrantAsync(userName, CivicHubHost.StaffPassword, otp: null)).RefusedGrantAsync();

        Assert.Contains("otp", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_grant_with_the_current_code_gives_a_token_and_that_code_is_not_accepted_twice()
    {
        var (_, userName, secret) = await host.NewStaffAsync();
        var code = await host.OneTimeCodeAsync(userName, secret);

        var token = await (await host.PasswordGrantAsync(userName, CivicHubHost.StaffPassword, code)).JsonAsync(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(token.GetProperty("access_token").GetString()));

        var again = await (await host.PasswordGrantAsync(userName, CivicHubHost.StaffPassword, code)).RefusedGrantAsync();
        Assert.Equal(StaffSignIn.Refused, again);
    }

    [Fact]
    public async Task A_code_from_another_secret_or_far_from_now_is_refused()
    {
        var (_, userName, secret) = await host.NewStaffAsync();
        var now = Totp.StepAt(DateTimeOffset.UtcNow);

        await (await host.PasswordGrantAsync(userName, CivicHubHost.StaffPassword, Totp.Code(Totp.NewSecret(), now))).RefusedGrantAsync();
        await (await host.PasswordGrantAsync(userName, CivicHubHost.StaffPassword, Totp.Code(secret, now - 10))).RefusedGrantAsync();
        await (await host.PasswordGrantAsync(userName, CivicHubHost.StaffPassword, Totp.Code(secret, now + 10))).RefusedGrantAsync();
    }

    [Fact]
    public async Task The_demo_staff_sign_in_with_codes_computed_from_the_demo_seed()
    {
        var staff = await host.StaffClientAsync("taylor");
        await staff.GetJsonAsync("/api/v1/departments");
        var stored = await host.InDbAsync(db => db.Staff.Where(s => s.UserName == "taylor").Select(s => s.TotpSecret).FirstAsync());
        // Encrypted at rest: the stored value is not the base32 secret.
        Assert.DoesNotContain(Totp.ToBase32(Core.Demo.DemoStaff.TotpSecret(CivicHubHost.StaffTotpSeed, "taylor")), stored!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_without_an_authenticator_set_it_up_at_the_desk_then_sign_in_with_code_or_recovery_code()
    {
        var (id, userName, _) = await host.NewStaffAsync(withAuthenticator: false);
        var description = await (await host.PasswordGrantAsync(userName, CivicHubHost.StaffPassword, "123456")).RefusedGrantAsync();
        Assert.Contains("set up", description, StringComparison.Ordinal);

        using var browser = host.Browser();
        var (afterPassword, setUpPage) = await browser.SubmitAsync("/desk/sign-in?ReturnUrl=%2Fdesk", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = CivicHubHost.StaffPassword,
        });
        Assert.Equal("/desk/sign-in/authenticator", afterPassword.PathOf());
        var shownSecret = SecretShown(setUpPage);
        Assert.Contains($"otpauth://totp/CivicHub:{userName}?secret={shownSecret}", WebUtility.HtmlDecode(setUpPage), StringComparison.Ordinal);
        // Nothing is stored before the code confirms the app has the secret.
        Assert.Null(await host.InDbAsync(db => db.Staff.Where(s => s.Id == id).Select(s => s.TotpSecret).FirstAsync()));

        byte[] secret = [];
        var (_, codesPage) = await browser.SubmitAsync(afterPassword.RequestMessage!.RequestUri!.PathAndQuery, html =>
        {
            // Each visit to the page offers a new secret until one is confirmed: confirm the one shown now.
            secret = Totp.FromBase32(SecretShown(html))!;
            return new Dictionary<string, string> { ["Input.Code"] = Totp.Code(secret, Totp.StepAt(DateTimeOffset.UtcNow)) };
        });
        var recoveryCodes = Regex.Matches(codesPage, "<li><code>([a-z2-7]{5}-[a-z2-7]{5})</code></li>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(StaffSignIn.RecoveryCodeCount, recoveryCodes.Count);
        Assert.Equal("/desk", (await browser.GetAsync(Http.Url("/desk"))).PathOf());

        var stored = await host.InDbAsync(db => db.Staff.Where(s => s.Id == id).Select(s => new { s.TotpSecret, s.RecoveryCodeHashes }).FirstAsync());
        Assert.DoesNotContain(Totp.ToBase32(secret), stored.TotpSecret!, StringComparison.Ordinal);
        Assert.DoesNotContain(recoveryCodes[0].Replace("-", "", StringComparison.Ordinal), stored.RecoveryCodeHashes!, StringComparison.OrdinalIgnoreCase);

        await (await host.PasswordGrantAsync(userName, CivicHubHost.StaffPassword, recoveryCodes[0])).JsonAsync(HttpStatusCode.OK);
        await (await host.PasswordGrantAsync(userName, CivicHubHost.StaffPassword, recoveryCodes[0])).RefusedGrantAsync();
        await (await host.PasswordGrantAsync(userName, CivicHubHost.StaffPassword, await host.OneTimeCodeAsync(userName, secret))).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Desk_sign_in_asks_for_the_code_after_the_password_and_only_then_opens_the_desk()
    {
        var (_, userName, secret) = await host.NewStaffAsync();
        using var browser = host.Browser();
        var (afterPassword, _) = await browser.SubmitAsync("/desk/sign-in?ReturnUrl=%2Fdesk", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = CivicHubHost.StaffPassword,
        });
        Assert.Equal("/desk/sign-in/code", afterPassword.PathOf());
        // The password alone opens nothing.
        Assert.Equal("/desk/sign-in", (await browser.GetAsync(Http.Url("/desk"))).PathOf());

        var (wrong, wrongPage) = await browser.SubmitAsync("/desk/sign-in/code?ReturnUrl=%2Fdesk", new Dictionary<string, string> { ["Input.Code"] = "000000" == Totp.Code(secret, Totp.StepAt(DateTimeOffset.UtcNow)) ? "111111" : "000000" });
        Assert.Equal("/desk/sign-in/code", wrong.PathOf());
        Assert.Contains("data-testid=\"sign-in-error\"", wrongPage, StringComparison.Ordinal);

        var (signedIn, _) = await browser.SubmitAsync("/desk/sign-in/code?ReturnUrl=%2Fdesk", new Dictionary<string, string> { ["Input.Code"] = await host.OneTimeCodeAsync(userName, secret) });
        Assert.Equal("/desk", signedIn.PathOf());
    }

    private static string SecretShown(string html) => Regex.Match(html, "data-testid=\"totp-secret\">([A-Z2-7]+)<").Groups[1].Value;

    [Fact]
    public async Task The_code_step_without_a_password_first_sends_back_to_sign_in()
    {
        using var browser = host.Browser();
        var response = await browser.GetAsync(Http.Url("/desk/sign-in/code"));
        Assert.Equal("/desk/sign-in", response.PathOf());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class StaffMfaOnSqlite(SqliteHost host) : StaffMfaTests(host);

[Collection(PostgresCollection.Name)]
public sealed class StaffMfaOnPostgres(PostgresHost host) : StaffMfaTests(host);
