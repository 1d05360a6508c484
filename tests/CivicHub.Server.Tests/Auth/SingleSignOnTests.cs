using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CivicHub.Core.Accounts;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Channels.Chat;
using CivicHub.Server.Tests.Hosting;
using CivicHub.Server.Tests.Portal;
using Duende.IdentityModel.OidcClient;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CivicHub.Server.Tests.Auth;

/// <summary>
/// CivicHub as an OpenID Connect provider for citizens, driven by a real OIDC client library (Duende OidcClient) as the
/// relying parties and a cookie-keeping HTTP client as the citizen's browser.
/// </summary>
public abstract partial class SingleSignOnTests(CivicHubHost host)
{
    private const string Password = SsoCitizens.Password;
    private const string Authority = SsoCitizens.Authority;
    private const string MobileRedirect = SsoCitizens.MobileRedirect;
    private const string MobileSignedOut = SsoCitizens.MobileSignedOut;
    private const string ChatRedirect = CivicHubHost.ChatOrigin + "/chat/signed-in";

    [Fact]
    public async Task A_citizen_signs_in_once_and_a_second_application_gets_the_same_subject_without_a_password()
    {
        var (email, citizenId) = await NewCitizenAsync("Rosa", "Alvarez");
        using var browser = new CitizenBrowser(host, email, Password);

        var mobile = await RelyingParty("civichub-mobile", MobileRedirect, browser).LoginAsync();
        Assert.False(mobile.IsError, mobile.Error);
        Assert.Equal(1, browser.SignInFormsShown);
        Assert.Equal(citizenId.ToString(), mobile.User.FindFirst("sub")?.Value);
        Assert.Equal(email, mobile.User.FindFirst("email")?.Value);
        Assert.Equal("Rosa Alvarez", mobile.User.FindFirst("name")?.Value);

        var chat = await RelyingParty("civichub-chat-widget", ChatRedirect, browser).LoginAsync();
        Assert.False(chat.IsError, chat.Error);
        Assert.Equal(1, browser.SignInFormsShown);
        Assert.Equal(0, browser.ConsentPagesShown);
        Assert.Equal(citizenId.ToString(), chat.User.FindFirst("sub")?.Value);

        // The identity token is signed with a key the JWKS publishes, for this audience; the access token is a citizen's.
        var identity = await ValidateIdentityTokenAsync(chat.IdentityToken, "civichub-chat-widget");
        Assert.Equal(citizenId.ToString(), identity.GetClaim("sub").Value);
        var access = new JsonWebToken(chat.AccessToken);
        Assert.Equal("citizen", access.GetClaim("civichub_kind").Value);
        Assert.Equal(citizenId.ToString(), access.Subject);
        // It names the sign-in it came from by a digest of the account's session stamp, never the stamp itself, which the
        // application could read.
        Assert.True(access.TryGetClaim("civichub_session_digest", out _));
        Assert.False(access.TryGetClaim("civichub_session", out _));

        // A citizen's token is not a staff token: the staff API refuses it.
        using var api = host.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", chat.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync(Url($"/api/v1/citizens/{citizenId}"))).StatusCode);
    }

    [Fact]
    public async Task The_chat_widgets_citizen_token_ties_a_chat_to_the_citizens_record()
    {
        var (email, citizenId) = await NewCitizenAsync();
        using var browser = new CitizenBrowser(host, email, Password);
        var login = await RelyingParty("civichub-chat-widget", ChatRedirect, browser, "openid profile").LoginAsync();
        Assert.False(login.IsError, login.Error);

        // The widget passes the token as the SignalR client does: access_token in the query of the hub's address.
        await using var chat = ChatConnections.Build(host, "/hubs/chat", login.AccessToken, CivicHubHost.ChatOrigin);
        await chat.StartAsync();
        await chat.OkAsync("Start", new { sessionToken = (string?)null, department = (string?)null, language = "en" });
        Assert.True(await host.InDbAsync(db => db.ChatSessions.AnyAsync(s => s.CitizenId == citizenId)));
    }

    [Fact]
    public async Task A_code_request_without_pkce_or_with_a_wrong_verifier_is_refused()
    {
        var (email, _) = await NewCitizenAsync();
        using var browser = new CitizenBrowser(host, email, Password);
        var verifier = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

        // OpenIddict answers these on its own page (400 invalid_request), not with a redirect carrying a code.
        var (withoutChallenge, why) = await browser.FollowAsync(AuthorizeUrl("civichub-mobile", MobileRedirect, challenge: null), MobileRedirect);
        Assert.Null(withoutChallenge);
        Assert.Contains("code_challenge", why, StringComparison.Ordinal);
        var (plain, plainWhy) = await browser.FollowAsync(AuthorizeUrl("civichub-mobile", MobileRedirect, verifier, method: "plain"), MobileRedirect);
        Assert.True(plain is null || plain.Contains("error=invalid_request", StringComparison.Ordinal), plain);
        Assert.Contains("invalid_request", plain ?? plainWhy, StringComparison.Ordinal);
        Assert.Equal(0, browser.SignInFormsShown);

        var wrong = await RedeemAsync(browser, await CodeAsync(browser, challenge), "a-different-verifier-that-is-long-enough-to-be-valid-0123");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("invalid_grant", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());

        var right = await RedeemAsync(browser, await CodeAsync(browser, challenge), verifier);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_is_refused_without_redirecting_there()
    {
        var (email, _) = await NewCitizenAsync();
        using var browser = new CitizenBrowser(host, email, Password);
        var (url, why) = await browser.FollowAsync(AuthorizeUrl("civichub-mobile", "https://evil.example/callback", "x".PadRight(43, 'x')), "https://evil.example");
        Assert.Null(url);
        Assert.StartsWith("400", why, StringComparison.Ordinal);
        Assert.Equal(0, browser.SignInFormsShown);
    }

    [Fact]
    public async Task A_refresh_token_rotates_and_a_replayed_one_revokes_the_chain()
    {
        var (email, _) = await NewCitizenAsync();
        using var browser = new CitizenBrowser(host, email, Password);
        var client = RelyingParty("civichub-mobile", MobileRedirect, browser, "openid profile offline_access api");
        var login = await client.LoginAsync();
        Assert.False(login.IsError, login.Error);
        Assert.False(string.IsNullOrEmpty(login.RefreshToken));

        var rotated = await client.RefreshTokenAsync(login.RefreshToken);
        Assert.False(rotated.IsError, rotated.Error);
        Assert.NotEqual(login.RefreshToken, rotated.RefreshToken);

        var replayed = await client.RefreshTokenAsync(login.RefreshToken);
        Assert.True(replayed.IsError);
        Assert.Equal("invalid_grant", replayed.Error);

        // The replay revoked the authorization: the newest token, never used, no longer works either.
        var next = await client.RefreshTokenAsync(rotated.RefreshToken);
        Assert.True(next.IsError);
        Assert.Equal("invalid_grant", next.Error);
    }

    [Fact]
    public async Task A_password_reset_ends_the_refresh_tokens_issued_before_it()
    {
        const string NewPassword = "river lanterns under october rain";
        var (email, _) = await NewCitizenAsync();
        using var browser = new CitizenBrowser(host, email, Password);
        var client = RelyingParty("civichub-mobile", MobileRedirect, browser, "openid profile offline_access api");
        var login = await client.LoginAsync();
        Assert.False(login.IsError, login.Error);
        // Each refresh token stays bound to the sign-in: a rotated one refreshes again.
        var rotated = await client.RefreshTokenAsync(login.RefreshToken);
        Assert.False(rotated.IsError, rotated.Error);
        var rotatedAgain = await client.RefreshTokenAsync(rotated.RefreshToken);
        Assert.False(rotatedAgain.IsError, rotatedAgain.Error);
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(rotatedAgain.AccessToken)).StatusCode);

        // The citizen fears the phone was taken and resets the password.
        await ResetPasswordAsync(email, NewPassword);

        var afterReset = await client.RefreshTokenAsync(rotatedAgain.RefreshToken);
        Assert.True(afterReset.IsError);
        Assert.Equal("invalid_grant", afterReset.Error);
        Assert.Contains("password was reset", afterReset.ErrorDescription, StringComparison.Ordinal);
        // Nor does the access token the application holds last out its hour.
        AssertSignInEnded(await UserInfoAsync(rotatedAgain.AccessToken));

        // Signing in again with the new password gives the application tokens that refresh.
        using var again = new CitizenBrowser(host, email, NewPassword);
        var renewed = RelyingParty("civichub-mobile", MobileRedirect, again, "openid profile offline_access api");
        var fresh = await renewed.LoginAsync();
        Assert.False(fresh.IsError, fresh.Error);
        var refreshed = await renewed.RefreshTokenAsync(fresh.RefreshToken);
        Assert.False(refreshed.IsError, refreshed.Error);
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(refreshed.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_every_device_s_session_and_every_application_s_tokens()
    {
        var (email, citizenId) = await NewCitizenAsync();
        using var browser = new CitizenBrowser(host, email, Password);
        var app = RelyingParty("civichub-mobile", MobileRedirect, browser, "openid profile offline_access api");
        var login = await app.LoginAsync();
        Assert.False(login.IsError, login.Error);
        var chatLogin = await RelyingParty("civichub-chat-widget", ChatRedirect, browser, "openid profile").LoginAsync();
        Assert.False(chatLogin.IsError, chatLogin.Error);
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(login.AccessToken)).StatusCode);
        using var laptop = new PortalForms(host);
        await laptop.SignInAsync(email, Password);
        using var library = new PortalForms(host);
        await library.SignInAsync(email, Password);

        // From the laptop, on the profile page: the phone with the app was lost, and so was the library's computer.
        var ended = await laptop.SubmitAsync("/account/profile", "sign-out-everywhere", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        var signIn = await laptop.Client.GetStringAsync(ended.Headers.Location);
        Assert.Contains("data-testid=\"signed-out-everywhere\"", signIn, StringComparison.Ordinal);

        Assert.False(await laptop.IsSignedInAsync());
        Assert.False(await library.IsSignedInAsync());
        var refreshed = await app.RefreshTokenAsync(login.RefreshToken);
        Assert.True(refreshed.IsError);
        Assert.Equal("invalid_grant", refreshed.Error);
        AssertSignInEnded(await UserInfoAsync(login.AccessToken));

        // The chat widget's token, signed in before, no longer ties a chat to the citizen's record.
        await using var chat = ChatConnections.Build(host, "/hubs/chat", chatLogin.AccessToken, CivicHubHost.ChatOrigin);
        await chat.StartAsync();
        await chat.OkAsync("Start", new { sessionToken = (string?)null, department = (string?)null, language = "en" });
        Assert.False(await host.InDbAsync(db => db.ChatSessions.AnyAsync(s => s.CitizenId == citizenId)));

        // The password did not change: signing in again works.
        using var again = new PortalForms(host);
        await again.SignInAsync(email, Password);
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_the_chat_the_citizen_had_open_on_a_lost_phone()
    {
        await using var chat = await ChatOnPhoneAsync($"Has my permit been approved? {Guid.NewGuid():N}");
        var (email, phone, token, conversationId) = chat;
        await using var agent = await host.AgentAsync("dana");
        await agent.OkAsync("Take", conversationId);
        var heard = new HubEvents(phone, "typing");
        await agent.InvokeAsync("Typing", conversationId);
        Assert.Equal("Dana Whitfield", (await heard.NextAsync("typing")).GetProperty("name").GetString());

        await SignOutEverywhereAsync(email);
        await agent.InvokeAsync("Typing", conversationId);

        // The connection the phone still has open says nothing more, and mails no transcript anywhere.
        var lateWords = $"Mail me everything {Guid.NewGuid():N}";
        await phone.RefusedAsync("not_found", "Send", new { messageId = "late", text = lateWords });
        // Nor does it hear the agent typing: a connection's messages arrive in order, so the refusal came after any.
        Assert.False(heard.Any("typing"));
        await phone.RefusedAsync("not_found", "EmailTranscript", new { email = "someone-else@example.org" });
        Assert.False(await host.InDbAsync(db => db.Interactions.AnyAsync(i => i.Body == lateWords)));

        // The agent is told why rather than writing to it.
        var refused = await agent.RefusedAsync("conflict", "Send", new { conversationId, messageId = "r1", text = "Yes, it was approved." });
        Assert.Contains("signed out everywhere", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The session token the phone kept resumes nothing: a new, empty chat.
        await using var reopened = await host.VisitorAsync();
        var started = await reopened.OkAsync("Start", new { sessionToken = token, department = (string?)null, language = "en" });
        Assert.False(started.GetProperty("resumed").GetBoolean());
        Assert.Empty(started.GetProperty("history").EnumerateArray());
        Assert.NotEqual(token, started.GetProperty("sessionToken").GetString());
    }

    [Fact]
    public async Task A_chat_the_lost_phone_starts_after_signing_out_everywhere_is_not_the_citizens()
    {
        await using var chat = await ChatOnPhoneAsync($"Where do I renew a parking permit? {Guid.NewGuid():N}");
        await SignOutEverywhereAsync(chat.Email);

        // The connection the phone kept open, with the token it was opened with, starts a new chat: an anonymous one,
        // which no agent reads as the citizen's and which lands on no record of theirs.
        var started = await chat.Phone.OkAsync("Start", new { sessionToken = (string?)null, department = (string?)null, language = "en" });
        var sessionId = await host.SessionIdAsync(started.GetProperty("sessionToken").GetString()!);
        Assert.Null(await host.InDbAsync(db => db.ChatSessions.Where(s => s.Id == sessionId).Select(s => s.CitizenId).SingleAsync()));
    }

    [Fact]
    public async Task A_chat_taken_after_signing_out_everywhere_does_not_tell_the_lost_phone_who_took_it()
    {
        var words = $"Is the pool open on Sunday? {Guid.NewGuid():N}";
        await using var chat = await ChatOnPhoneAsync(words);
        var heard = new HubEvents(chat.Phone, "agentJoined");
        await SignOutEverywhereAsync(chat.Email);

        // The agent still reads what the citizen wrote.
        await using var agent = await host.AgentAsync("dana");
        var taken = await agent.OkAsync("Take", chat.ConversationId);
        Assert.Contains(taken.GetProperty("messages").EnumerateArray(), m => m.GetProperty("text").GetString() == words);

        // The phone is not told: its refused message comes after anything sent to it before (one connection, in order).
        await chat.Phone.RefusedAsync("not_found", "Send", new { messageId = "late", text = "Hello?" });
        Assert.False(heard.Any("agentJoined"));
    }

    [Fact]
    public async Task End_session_signs_the_citizen_out_and_returns_only_to_a_registered_address()
    {
        var (email, _) = await NewCitizenAsync();
        using var browser = new CitizenBrowser(host, email, Password);
        var login = await RelyingParty("civichub-mobile", MobileRedirect, browser).LoginAsync();
        Assert.False(login.IsError, login.Error);

        var hint = Uri.EscapeDataString(login.IdentityToken);
        var (elsewhere, why) = await browser.FollowAsync(
            Url($"/connect/endsession?id_token_hint={hint}&post_logout_redirect_uri={Uri.EscapeDataString("https://evil.example/")}"), "https://evil.example");
        Assert.Null(elsewhere);
        Assert.StartsWith("400", why, StringComparison.Ordinal);

        // Still signed in: the refused request changed nothing.
        Assert.False((await RelyingParty("civichub-mobile", MobileRedirect, browser).LoginAsync()).IsError);
        Assert.Equal(1, browser.SignInFormsShown);

        var (back, _) = await browser.FollowAsync(
            Url($"/connect/endsession?id_token_hint={hint}&post_logout_redirect_uri={Uri.EscapeDataString(MobileSignedOut)}"), MobileSignedOut);
        Assert.NotNull(back);

        var again = await RelyingParty("civichub-mobile", MobileRedirect, browser).LoginAsync();
        Assert.False(again.IsError, again.Error);
        Assert.Equal(2, browser.SignInFormsShown);
    }

    [Fact]
    public async Task A_department_application_asks_consent_once_and_a_refusal_reaches_the_application()
    {
        var clientId = await RegisterAsync("explicit");
        var (email, _) = await NewCitizenAsync();
        using var browser = new CitizenBrowser(host, email, Password);

        var first = await RelyingParty(clientId, "https://permits.example/callback", browser).LoginAsync();
        Assert.False(first.IsError, first.Error);
        Assert.Equal(1, browser.ConsentPagesShown);
        var second = await RelyingParty(clientId, "https://permits.example/callback", browser).LoginAsync();
        Assert.False(second.IsError, second.Error);
        Assert.Equal(1, browser.ConsentPagesShown);

        var (otherEmail, _) = await NewCitizenAsync();
        using var refusing = new CitizenBrowser(host, otherEmail, Password) { ConsentDecision = "deny" };
        var refused = await RelyingParty(clientId, "https://permits.example/callback", refusing).LoginAsync();
        Assert.True(refused.IsError);
        Assert.Equal("consent_required", refused.Error);
        Assert.Equal(1, refusing.ConsentPagesShown);
    }

    [Fact]
    public async Task A_disabled_or_removed_application_is_refused()
    {
        var clientId = await RegisterAsync("implicit");
        var (email, _) = await NewCitizenAsync();
        using var browser = new CitizenBrowser(host, email, Password);
        var client = RelyingParty(clientId, "https://permits.example/callback", browser, "openid offline_access");
        var login = await client.LoginAsync();
        Assert.False(login.IsError, login.Error);

        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(login.AccessToken)).StatusCode);

        var admin = await host.StaffClientAsync("morgan");
        using var disable = JsonContent.Create(RegistrationBody(clientId, "implicit", enabled: false));
        (await admin.PutAsync(Url($"/api/v1/relying-parties/{clientId}"), disable)).EnsureSuccessStatusCode();
        // The access token it already holds reads nothing more either.
        var afterDisabling = await UserInfoAsync(login.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, afterDisabling.StatusCode);
        Assert.Contains("disabled or removed", string.Join(' ', afterDisabling.Headers.WwwAuthenticate), StringComparison.Ordinal);
        var disabled = await RelyingParty(clientId, "https://permits.example/callback", browser).LoginAsync();
        Assert.True(disabled.IsError);
        // A client that may not use the endpoint is not trusted with a redirect either: the citizen sees the error.
        Assert.Contains("unauthorized_client", disabled.Error, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(Url($"/api/v1/relying-parties/{clientId}"))).StatusCode);
        var (removed, removedWhy) = await browser.FollowAsync(AuthorizeUrl(clientId, "https://permits.example/callback", "x".PadRight(43, 'x')), "https://permits.example");
        Assert.Null(removed);
        Assert.StartsWith("400", removedWhy, StringComparison.Ordinal);
        var refreshed = await client.RefreshTokenAsync(login.RefreshToken);
        Assert.True(refreshed.IsError);
    }

    [Fact]
    public async Task Discovery_lists_the_endpoints_scopes_and_signing_keys()
    {
        var anonymous = host.AnonymousClient();
        var discovery = await anonymous.GetJsonAsync("/.well-known/openid-configuration");
        Assert.Equal("http://localhost/connect/authorize", discovery.GetProperty("authorization_endpoint").GetString());
        Assert.Equal("http://localhost/connect/token", discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal("http://localhost/connect/userinfo", discovery.GetProperty("userinfo_endpoint").GetString());
        Assert.Equal("http://localhost/connect/endsession", discovery.GetProperty("end_session_endpoint").GetString());
        Assert.Equal(["S256"], discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(m => m.GetString()));
        var scopes = discovery.GetProperty("scopes_supported").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.All(new[] { "openid", "profile", "email", "phone", "offline_access", "api" }, s => Assert.Contains(s, scopes));

        var jwks = await anonymous.GetStringAsync(new Uri(discovery.GetProperty("jwks_uri").GetString()!));
        Assert.NotEmpty(new JsonWebKeySet(jwks).GetSigningKeys());
    }

    [Fact]
    public async Task Administrators_register_relying_parties_with_checked_addresses_and_a_secret_shown_once()
    {
        var admin = await host.StaffClientAsync("morgan");
        var clientId = $"permits-{Guid.NewGuid():N}";
        await (await admin.PostJsonAsync("/api/v1/relying-parties", RegistrationBody(clientId, "explicit") with { RedirectUris = ["http://permits.example/callback"] }))
            .ProblemAsync(HttpStatusCode.BadRequest, "redirectUris[0]");
        await (await admin.PostJsonAsync("/api/v1/relying-parties", RegistrationBody(clientId, "explicit") with { ClientType = "secretive" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "clientType");
        await (await admin.PostJsonAsync("/api/v1/relying-parties", RegistrationBody(clientId, "explicit") with { Scopes = ["openid", "everything"] }))
            .ProblemAsync(HttpStatusCode.BadRequest, "scopes[1]");
        await (await admin.PostJsonAsync("/api/v1/relying-parties", RegistrationBody(clientId, "explicit") with { DepartmentId = 999_999 }))
            .ProblemAsync(HttpStatusCode.BadRequest, "departmentId");

        var created = await (await admin.PostJsonAsync("/api/v1/relying-parties", RegistrationBody(clientId, "explicit") with
        {
            ClientType = "confidential",
            RedirectUris = ["https://permits.example/callback", "http://127.0.0.1:5005/callback"],
        })).JsonAsync(HttpStatusCode.Created);
        Assert.False(string.IsNullOrEmpty(created.GetProperty("clientSecret").GetString()));
        var read = await admin.GetJsonAsync($"/api/v1/relying-parties/{clientId}");
        Assert.False(read.TryGetProperty("clientSecret", out _));
        Assert.Equal("confidential", read.GetProperty("clientType").GetString());
        await (await admin.PostJsonAsync("/api/v1/relying-parties", RegistrationBody(clientId, "explicit"))).ProblemAsync(HttpStatusCode.Conflict);

        // An edit keeps the secret: the party still signs citizens in with the one it was given.
        var secret = created.GetProperty("clientSecret").GetString();
        using var edit = JsonContent.Create(RegistrationBody(clientId, "implicit") with { ClientType = "confidential", DisplayName = "Permits and licences" });
        var edited = await (await admin.PutAsync(Url($"/api/v1/relying-parties/{clientId}"), edit)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, edited.GetProperty("clientSecret").ValueKind);
        var (email, _) = await NewCitizenAsync();
        using var browser = new CitizenBrowser(host, email, Password);
        var party = RelyingParty(clientId, "https://permits.example/callback", browser);
        party.Options.ClientSecret = secret;
        var login = await party.LoginAsync();
        Assert.False(login.IsError, login.Error);
        party.Options.ClientSecret = "not-the-secret";
        Assert.True((await party.LoginAsync()).IsError);

        // CivicHub's own clients are settings, not registrations; agents may not register anything.
        using var firstParty = JsonContent.Create(RegistrationBody("civichub-mobile", "explicit"));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutAsync(Url("/api/v1/relying-parties/civichub-mobile"), firstParty)).StatusCode);
        var agent = await host.StaffClientAsync("dana");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync(Url("/api/v1/relying-parties"))).StatusCode);
    }

    private sealed record Registration(
        string ClientId, string DisplayName, string ClientType, string ConsentType, string[] RedirectUris, string[] PostLogoutRedirectUris,
        string[] Scopes, int? DepartmentId, bool Enabled);

    private static Registration RegistrationBody(string clientId, string consentType, bool enabled = true) => new(
        clientId, "Building permits", "public", consentType, ["https://permits.example/callback"], ["https://permits.example/"],
        ["openid", "profile", "email", "offline_access"], null, enabled);

    private async Task<string> RegisterAsync(string consentType)
    {
        var admin = await host.StaffClientAsync("morgan");
        var clientId = $"permits-{Guid.NewGuid():N}";
        await (await admin.PostJsonAsync("/api/v1/relying-parties", RegistrationBody(clientId, consentType))).JsonAsync(HttpStatusCode.Created);
        return clientId;
    }

    private sealed record PhoneChat(string Email, HubConnection Phone, string Token, Guid ConversationId) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Phone.DisposeAsync();
    }

    /// <summary>A new citizen signed in to the chat widget on a phone, with a chat open in which they wrote <paramref name="words"/>.</summary>
    private async Task<PhoneChat> ChatOnPhoneAsync(string words)
    {
        var (email, _) = await NewCitizenAsync();
        using var browser = new CitizenBrowser(host, email, Password);
        var login = await RelyingParty("civichub-chat-widget", ChatRedirect, browser, "openid profile").LoginAsync();
        Assert.False(login.IsError, login.Error);
        var phone = ChatConnections.Build(host, "/hubs/chat", login.AccessToken, CivicHubHost.ChatOrigin);
        await phone.StartAsync();
        var token = await phone.StartChatAsync();
        await phone.SayAsync(words);
        var sessionId = await host.SessionIdAsync(token);
        var conversationId = await host.InDbAsync(db => db.ChatConversations.Where(c => c.SessionId == sessionId).Select(c => c.Id).SingleAsync());
        return new PhoneChat(email, phone, token, conversationId);
    }

    /// <summary>"Sign out everywhere" from the portal on another device.</summary>
    private async Task SignOutEverywhereAsync(string email)
    {
        using var laptop = new PortalForms(host);
        await laptop.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.SubmitAsync("/account/profile", "sign-out-everywhere", new Dictionary<string, string>())).StatusCode);
    }

    private OidcClient RelyingParty(string clientId, string redirectUri, CitizenBrowser browser, string scope = "openid profile email") =>
        SsoCitizens.RelyingParty(host, clientId, redirectUri, browser, scope);

    private Task<(string Email, Guid CitizenId)> NewCitizenAsync(string given = "Sam", string family = "Okafor") =>
        SsoCitizens.NewAsync(host, given, family);

    private Task<HttpResponseMessage> UserInfoAsync(string accessToken) => SsoCitizens.UserInfoAsync(host, accessToken);

    private static void AssertSignInEnded(HttpResponseMessage response) => SsoCitizens.AssertSignInEnded(response);

    private async Task ResetPasswordAsync(string email, string password)
    {
        var accounts = (IServiceProvider services) => services.GetRequiredService<CitizenAccounts>();
        await host.InScopeAsync(services => accounts(services).RequestPasswordResetAsync(email, "http://portal.example/account/reset-password", CancellationToken.None));
        var body = await host.InDbAsync(db => db.OutboundMessages.Where(m => m.Recipient == email && m.TemplateKey == AccountEmails.ResetTemplate).Select(m => m.Body).SingleAsync());
        var token = Uri.UnescapeDataString(SsoCitizens.VerifyToken().Match(body).Groups[1].Value);
        var reset = await host.InScopeAsync(services => accounts(services).ResetPasswordAsync(token, password, CancellationToken.None));
        Assert.True(reset.Succeeded, reset.Problem?.ToString());
    }

    private async Task<JsonWebToken> ValidateIdentityTokenAsync(string token, string audience)
    {
        var anonymous = host.AnonymousClient();
        var keys = new JsonWebKeySet(await anonymous.GetStringAsync(Url("/.well-known/jwks")));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Authority + "/",
            ValidAudience = audience,
            IssuerSigningKeys = keys.GetSigningKeys(),
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }

    private static Uri AuthorizeUrl(string clientId, string redirectUri, string? challenge, string method = "S256")
    {
        var query = $"/connect/authorize?client_id={clientId}&response_type=code&scope=openid&state=st4te&nonce=n0nce&redirect_uri={Uri.EscapeDataString(redirectUri)}";
        return Url(challenge is null ? query : $"{query}&code_challenge={challenge}&code_challenge_method={method}");
    }

    private static Uri Url(string path) => new(new Uri(Authority), path);

    private static async Task<string> CodeAsync(CitizenBrowser browser, string challenge)
    {
        var (url, why) = await browser.FollowAsync(AuthorizeUrl("civichub-mobile", MobileRedirect, challenge), MobileRedirect);
        Assert.True(url is not null, why);
        return Uri.UnescapeDataString(CodeParameter().Match(url).Groups[1].Value);
    }

    private static async Task<HttpResponseMessage> RedeemAsync(CitizenBrowser browser, string code, string verifier)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = "civichub-mobile",
            ["code"] = code,
            ["redirect_uri"] = MobileRedirect,
            ["code_verifier"] = verifier,
        });
        return await browser.Client.PostAsync(Url("/connect/token"), form);
    }

    [GeneratedRegex("[?&]code=([^&]+)")]
    private static partial Regex CodeParameter();
}

[Collection(SqliteCollection.Name)]
public sealed class SingleSignOnOnSqlite(SqliteHost host) : SingleSignOnTests(host);

[Collection(PostgresCollection.Name)]
public sealed class SingleSignOnOnPostgres(PostgresHost host) : SingleSignOnTests(host);
