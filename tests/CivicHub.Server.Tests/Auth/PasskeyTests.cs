using CivicHub.Core.Access;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Staff;
using CivicHub.Core.Staff.Passkeys;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CivicHub.Server.Tests.Auth;

/// <summary>
/// Staff passkeys through the desk's endpoints, with a software authenticator: made while signed in with password
/// and code, then enough on their own to open the desk; refused for another origin, a replayed challenge, a
/// signature counter that went back, a deactivated member and an authenticator that did not verify the user.
/// </summary>
public abstract class PasskeyTests(CivicHubHost host)
{
    private const string TokenHeader = "RequestVerificationToken";

    [Fact]
    public async Task A_passkey_made_at_the_desk_signs_in_without_password_or_code()
    {
        var (staffId, browser) = await SignedInDeskAsync();
        using var authenticator = new SoftwareAuthenticator();

        var made = await RegisterAsync(browser, authenticator, "Work laptop");

        var summary = await made.JsonAsync(HttpStatusCode.Created);
        Assert.Equal("Work laptop", summary.GetProperty("name").GetString());
        var listed = await browser.GetJsonAsync("/desk/passkeys");
        Assert.Equal(summary.GetProperty("id").GetGuid(), Assert.Single(listed.EnumerateArray()).GetProperty("id").GetGuid());

        using var fresh = host.Browser();
        Assert.Equal("/desk/sign-in", (await fresh.GetAsync(Http.Url("/desk"))).PathOf());
        var signedIn = await SignInAsync(fresh, authenticator);

        Assert.Equal("/desk", (await signedIn.JsonAsync(HttpStatusCode.OK)).GetProperty("redirect").GetString());
        Assert.Equal("/desk", (await fresh.GetAsync(Http.Url("/desk"))).PathOf());
        var stored = await host.InDbAsync(db => db.StaffPasskeys.AsNoTracking().SingleAsync(p => p.StaffId == staffId));
        Assert.NotNull(stored.LastUsedAt);
        Assert.Equal(authenticator.SignCount - 1, (uint)stored.SignCount);
        Assert.Equal(authenticator.AaGuid, stored.AaGuid);
        Assert.Equal(staffId.ToByteArray(), stored.UserHandle);
    }

    [Fact]
    public async Task A_sign_in_answer_from_another_origin_is_refused()
    {
        var (_, browser) = await SignedInDeskAsync();
        using var authenticator = new SoftwareAuthenticator();
        await (await RegisterAsync(browser, authenticator, "Phone")).JsonAsync(HttpStatusCode.Created);

        authenticator.Origin = "https://desk.phishing.example";
        using var fresh = host.Browser();
        var refused = await SignInAsync(fresh, authenticator);

        await refused.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("/desk/sign-in", (await fresh.GetAsync(Http.Url("/desk"))).PathOf());
    }

    [Fact]
    public async Task A_registration_answer_from_another_origin_is_refused()
    {
        var (staffId, browser) = await SignedInDeskAsync();
        using var authenticator = new SoftwareAuthenticator { Origin = "https://desk.phishing.example" };

        await (await RegisterAsync(browser, authenticator, "Phone")).ProblemAsync(HttpStatusCode.BadRequest, "credential");

        Assert.False(await host.InDbAsync(db => db.StaffPasskeys.AnyAsync(p => p.StaffId == staffId)));
    }

    [Fact]
    public async Task A_sign_in_challenge_answered_twice_is_refused_the_second_time()
    {
        var (_, browser) = await SignedInDeskAsync();
        // A synced passkey keeps its counter at 0, so only the challenge stops a replay.
        using var authenticator = new SoftwareAuthenticator { Counts = false };
        await (await RegisterAsync(browser, authenticator, "Synced")).JsonAsync(HttpStatusCode.Created);

        using var first = host.Browser();
        var token = await TokenAsync(first, "/desk/sign-in");
        var options = await (await PostAsync(first, "/desk/passkeys/sign-in/options", token, new { })).JsonAsync(HttpStatusCode.OK);
        var answer = new { ceremonyId = options.GetProperty("ceremonyId").GetGuid(), credential = authenticator.Get(options.GetProperty("options")), returnUrl = "/desk" };
        await (await PostAsync(first, "/desk/passkeys/sign-in", token, answer)).JsonAsync(HttpStatusCode.OK);

        using var replay = host.Browser();
        var replayToken = await TokenAsync(replay, "/desk/sign-in");
        await (await PostAsync(replay, "/desk/passkeys/sign-in", replayToken, answer)).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("/desk/sign-in", (await replay.GetAsync(Http.Url("/desk"))).PathOf());
    }

    [Fact]
    public async Task A_signature_counter_that_goes_back_is_refused_as_a_cloned_authenticator()
    {
        var (staffId, browser) = await SignedInDeskAsync();
        using var authenticator = new SoftwareAuthenticator { SignCount = 5 };
        await (await RegisterAsync(browser, authenticator, "Security key")).JsonAsync(HttpStatusCode.Created);
        using (var once = host.Browser())
        {
            await (await SignInAsync(once, authenticator)).JsonAsync(HttpStatusCode.OK);
        }

        authenticator.SignCount = 3;
        using var clone = host.Browser();
        await (await SignInAsync(clone, authenticator)).ProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal("/desk/sign-in", (await clone.GetAsync(Http.Url("/desk"))).PathOf());
        Assert.Equal(6, (await host.InDbAsync(db => db.StaffPasskeys.AsNoTracking().SingleAsync(p => p.StaffId == staffId))).SignCount);
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("cloned", StringComparison.Ordinal) && e.Message.Contains(staffId.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deactivated_member_cannot_sign_in_with_a_passkey()
    {
        var (staffId, browser) = await SignedInDeskAsync();
        using var authenticator = new SoftwareAuthenticator();
        await (await RegisterAsync(browser, authenticator, "Laptop")).JsonAsync(HttpStatusCode.Created);

        await host.InDbAsync(db => db.Staff.Where(s => s.Id == staffId).ExecuteUpdateAsync(u => u.SetProperty(s => s.Active, false)));
        using var fresh = host.Browser();

        await (await SignInAsync(fresh, authenticator)).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("/desk/sign-in", (await fresh.GetAsync(Http.Url("/desk"))).PathOf());
    }

    [Fact]
    public async Task A_locked_member_cannot_sign_in_with_a_passkey()
    {
        var (staffId, browser) = await SignedInDeskAsync();
        using var authenticator = new SoftwareAuthenticator();
        await (await RegisterAsync(browser, authenticator, "Laptop")).JsonAsync(HttpStatusCode.Created);

        var until = DateTime.UtcNow.AddMinutes(10);
        await host.InDbAsync(db => db.Staff.Where(s => s.Id == staffId).ExecuteUpdateAsync(u => u.SetProperty(s => s.LockedUntil, until)));
        using var fresh = host.Browser();

        await (await SignInAsync(fresh, authenticator)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Another_member_can_neither_see_rename_nor_delete_my_passkey()
    {
        var (mine, myBrowser) = await SignedInDeskAsync();
        using var authenticator = new SoftwareAuthenticator();
        var passkeyId = (await (await RegisterAsync(myBrowser, authenticator, "Mine")).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var (_, otherBrowser) = await SignedInDeskAsync();
        var token = await TokenAsync(otherBrowser, "/desk");

        Assert.Empty((await otherBrowser.GetJsonAsync("/desk/passkeys")).EnumerateArray());
        await (await SendAsync(otherBrowser, HttpMethod.Delete, $"/desk/passkeys/{passkeyId}", token, null)).ProblemAsync(HttpStatusCode.NotFound);
        await (await SendAsync(otherBrowser, HttpMethod.Put, $"/desk/passkeys/{passkeyId}", token, new { name = "Taken" })).ProblemAsync(HttpStatusCode.NotFound);

        var kept = await host.InDbAsync(db => db.StaffPasskeys.AsNoTracking().SingleAsync(p => p.Id == passkeyId));
        Assert.Equal(mine, kept.StaffId);
        Assert.Equal("Mine", kept.Name);
    }

    [Fact]
    public async Task The_owner_renames_and_deletes_a_passkey_and_it_no_longer_signs_in()
    {
        var (_, browser) = await SignedInDeskAsync();
        using var authenticator = new SoftwareAuthenticator();
        var passkeyId = (await (await RegisterAsync(browser, authenticator, "Old name")).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var token = await TokenAsync(browser, "/desk");

        await (await SendAsync(browser, HttpMethod.Put, $"/desk/passkeys/{passkeyId}", token, new { name = "" })).ProblemAsync(HttpStatusCode.BadRequest, "name");
        var renamed = await (await SendAsync(browser, HttpMethod.Put, $"/desk/passkeys/{passkeyId}", token, new { name = "New name" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("New name", renamed.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(browser, HttpMethod.Delete, $"/desk/passkeys/{passkeyId}", token, null)).StatusCode);

        using var fresh = host.Browser();
        await (await SignInAsync(fresh, authenticator)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_administrator_removes_the_passkeys_of_a_member_who_lost_a_device_and_an_agent_cannot()
    {
        var (staffId, browser) = await SignedInDeskAsync();
        using var authenticator = new SoftwareAuthenticator();
        await (await RegisterAsync(browser, authenticator, "Lost phone")).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, (await host.InScopeAsync(sp => sp.GetRequiredService<StaffAdministration>().ListAsync(CancellationToken.None))).Single(s => s.Id == staffId).Passkeys);

        var agent = new Actor(ActorKind.Staff, Guid.NewGuid().ToString(), "Test agent", StaffRole.Agent);
        var refused = await host.InScopeAsync(sp => sp.GetRequiredService<StaffPasskeys>().RemoveAllAsync(staffId, agent, CancellationToken.None));
        Assert.Equal(ProblemKind.Forbidden, refused.Problem?.Kind);
        var administrator = new Actor(ActorKind.Staff, Guid.NewGuid().ToString(), "Test administrator", StaffRole.Administrator);
        var removed = await host.InScopeAsync(sp => sp.GetRequiredService<StaffPasskeys>().RemoveAllAsync(staffId, administrator, CancellationToken.None));

        Assert.Equal(1, removed.Value);
        using var fresh = host.Browser();
        await (await SignInAsync(fresh, authenticator)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_authenticator_that_did_not_verify_the_user_is_refused()
    {
        var (staffId, browser) = await SignedInDeskAsync();
        using var unverified = new SoftwareAuthenticator { VerifiesUser = false };
        await (await RegisterAsync(browser, unverified, "No PIN")).ProblemAsync(HttpStatusCode.BadRequest, "credential");
        Assert.False(await host.InDbAsync(db => db.StaffPasskeys.AnyAsync(p => p.StaffId == staffId)));

        using var authenticator = new SoftwareAuthenticator();
        await (await RegisterAsync(browser, authenticator, "With PIN")).JsonAsync(HttpStatusCode.Created);
        authenticator.VerifiesUser = false;
        using var fresh = host.Browser();

        await (await SignInAsync(fresh, authenticator)).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("/desk/sign-in", (await fresh.GetAsync(Http.Url("/desk"))).PathOf());
    }

    [Fact]
    public async Task Passkey_posts_without_the_pages_anti_forgery_token_are_refused()
    {
        var (_, browser) = await SignedInDeskAsync();

        await (await PostAsync(browser, "/desk/passkeys/registration/options", null, new { })).ProblemAsync(HttpStatusCode.BadRequest);
        using var anonymous = host.Browser();
        await (await PostAsync(anonymous, "/desk/passkeys/sign-in/options", null, new { })).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_registration_without_a_name_or_credential_names_the_fields()
    {
        var (_, browser) = await SignedInDeskAsync();
        var token = await TokenAsync(browser, "/desk");
        var options = await (await PostAsync(browser, "/desk/passkeys/registration/options", token, new { })).JsonAsync(HttpStatusCode.OK);

        var problem = await (await PostAsync(browser, "/desk/passkeys/registration", token, new { ceremonyId = options.GetProperty("ceremonyId").GetGuid(), name = new string('n', 101), credential = "x" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "name");
        Assert.True(problem.GetProperty("errors").TryGetProperty("credential", out _));
    }

    /// <summary>A new member of staff signed in to the desk with password and code, in a browser that keeps cookies.</summary>
    private async Task<(Guid StaffId, HttpClient Browser)> SignedInDeskAsync()
    {
        var (id, userName, secret) = await host.NewStaffAsync();
        var browser = host.Browser();
        await browser.SubmitAsync("/desk/sign-in?ReturnUrl=%2Fdesk", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = CivicHubHost.StaffPassword,
        });
        var (signedIn, _) = await browser.SubmitAsync("/desk/sign-in/code?ReturnUrl=%2Fdesk", new Dictionary<string, string> { ["Input.Code"] = await host.OneTimeCodeAsync(userName, secret) });
        Assert.Equal("/desk", signedIn.PathOf());
        return (id, browser);
    }

    private static async Task<HttpResponseMessage> RegisterAsync(HttpClient browser, SoftwareAuthenticator authenticator, string name)
    {
        var token = await TokenAsync(browser, "/desk");
        var begun = await (await PostAsync(browser, "/desk/passkeys/registration/options", token, new { })).JsonAsync(HttpStatusCode.OK);
        var options = begun.GetProperty("options");
        Assert.Equal("required", options.GetProperty("authenticatorSelection").GetProperty("userVerification").GetString());
        Assert.Equal("required", options.GetProperty("authenticatorSelection").GetProperty("residentKey").GetString());
        return await PostAsync(browser, "/desk/passkeys/registration", token, new { ceremonyId = begun.GetProperty("ceremonyId").GetGuid(), name, credential = authenticator.Create(options) });
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, SoftwareAuthenticator authenticator)
    {
        var token = await TokenAsync(browser, "/desk/sign-in");
        var begun = await (await PostAsync(browser, "/desk/passkeys/sign-in/options", token, new { })).JsonAsync(HttpStatusCode.OK);
        var options = begun.GetProperty("options");
        Assert.Equal("required", options.GetProperty("userVerification").GetString());
        Assert.Equal(0, options.TryGetProperty("allowCredentials", out var allowed) && allowed.ValueKind == JsonValueKind.Array ? allowed.GetArrayLength() : 0);
        return await PostAsync(browser, "/desk/passkeys/sign-in", token, new { ceremonyId = begun.GetProperty("ceremonyId").GetGuid(), credential = authenticator.Get(options), returnUrl = "/desk" });
    }

    /// <summary>The anti-forgery token a desk page carries (its forms' hidden field), as the page's script sends it.</summary>
    private static async Task<string> TokenAsync(HttpClient browser, string page)
    {
        var html = await (await browser.GetAsync(Http.Url(page))).Content.ReadAsStringAsync();
        Assert.True(StaffSignInSteps.HiddenFields(html).TryGetValue("__RequestVerificationToken", out var token), $"{page} carries no anti-forgery token");
        return token;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient browser, string path, string? token, object body) =>
        SendAsync(browser, HttpMethod.Post, path, token, body);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient browser, HttpMethod method, string path, string? token, object? body)
    {
        using var request = new HttpRequestMessage(method, Http.Url(path)) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Add(TokenHeader, token);
        }

        return await browser.SendAsync(request);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PasskeyOnSqlite(SqliteHost host) : PasskeyTests(host);

[Collection(PostgresCollection.Name)]
public sealed class PasskeyOnPostgres(PostgresHost host) : PasskeyTests(host);
