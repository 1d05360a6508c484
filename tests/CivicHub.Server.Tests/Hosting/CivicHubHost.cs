using System.Net.Http.Headers;
using CivicHub.Core.Data;
using CivicHub.Core.Demo;
using CivicHub.Core.Interactions;
using CivicHub.Core.Staff;
using CivicHub.Server.Auth;
using CivicHub.Server.Components.Portal.Federation;
using CivicHub.Server.Tests.Outreach;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CivicHub.Server.Tests.Hosting;

/// <summary>
/// The real CivicHub host (WebApplicationFactory) on a real database of its own, seeded with the demo
/// jurisdiction. One per database kind is shared by the tests of a collection.
/// </summary>
public abstract class CivicHubHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string StaffPassword = "correct horse battery staple";

    /// <summary>The seed of the demo staff's authenticator secrets (DemoStaff.TotpSecret), so tests compute their codes.</summary>
    public const string StaffTotpSeed = "totp-seed-for-tests";
    public const string IntegratorSecret = "integration-secret-for-tests";
    public const string Open311ApiKey = "o311_demo-key-for-tests";
    public const int DemoCitizens = 200;

    /// <summary>The keyed-hash key for look-ups of encrypted fields: 32 bytes, as an operator would generate them.</summary>
    public const string LookupKey = "dGVzdHMtbG9vay11cC1rZXktMzItYnl0ZXMtbG9uZyEh";

    /// <summary>The government page origin the chat widget is allowed on in the tests.</summary>
    public const string ChatOrigin = "https://www.city.example";
    // The channel providers' secrets, and the public address the providers are told to call.
    public const string SmsAccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string SmsAuthToken = "twilio-auth-token-for-tests";
    public const string SmsFrom = "+12175550311";
    public const string PublicBaseUrl = "https://civichub.example.gov";
    public const string MessengerAppSecret = "meta-app-secret-for-tests";
    public const string MessengerVerifyToken = "verify-token-for-tests";
    public const string MessengerPageToken = "EAAG-page-token-for-tests";

    private readonly Dictionary<string, string> _tokens = [];

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public abstract DatabaseProvider Provider { get; }

    /// <summary>Null when this kind of database is not available here; the tests on it are then skipped.</summary>
    protected abstract string? ConnectionString { get; }

    public string? SkipReason { get; protected set; }

    /// <summary>The database this host runs on, for a second host on the same one.</summary>
    internal string? DatabaseConnectionString => ConnectionString;

    /// <summary>Where the tests' fake SMS provider listens (reserved now: the host is configured before the fake starts).</summary>
    public int SmsProviderPort { get; } = FreePort();

    /// <summary>Where the tests' fake Graph API listens.</summary>
    public int MessengerProviderPort { get; } = FreePort();
    /// <summary>The channel providers every host sends through, recording each send.</summary>
    public RecordingSenders Senders { get; } = new();

    /// <summary>Every log entry this host writes at the levels its settings let through.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>
    /// Whether this host turns events into notifications and sends them. Off in the shared hosts, whose tests count
    /// rows and read the event feed; the outreach tests have hosts of their own.
    /// </summary>
    protected virtual bool RunsOutreach => false;

    /// <summary>Whether a host that runs outreach runs its worker too; off, its tests run the notifier themselves.</summary>
    protected virtual bool RunsOutreachWorker => RunsOutreach;

    /// <summary>The channels whose sends a host that runs outreach records instead of handing to the real adapter.</summary>
    protected virtual IReadOnlyList<Channel> RecordedChannels => [Channel.Sms, Channel.Email, Channel.Social];

    public virtual async ValueTask InitializeAsync()
    {
        if (ConnectionString is null)
        {
            return;
        }

        // Starting the host migrates and seeds the database.
        using var client = CreateClient();
        var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        health.EnsureSuccessStatusCode();
    }

    public new virtual async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.UseSetting("ConnectionStrings:CivicHub", ConnectionString);
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Protection:LookupKey", LookupKey);
        builder.UseSetting("Demo:Citizens", DemoCitizens.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Demo:StaffPassword", StaffPassword);
        builder.UseSetting("Demo:StaffTotpSeed", StaffTotpSeed);
        builder.UseSetting("Demo:ClientSecret", IntegratorSecret);
        builder.UseSetting("Demo:Open311ApiKey", Open311ApiKey);
        builder.UseSetting("Auth:AllowHttp", "true");
        // The test server answers as http://localhost; Production hosts refuse to start without a relying party.
        builder.UseSetting("Auth:Staff:Passkeys:RelyingPartyId", "localhost");
        builder.UseSetting("Auth:Staff:Passkeys:Origins:0", "http://localhost");
        builder.UseSetting("Auth:Clients:ChatWidget:RedirectUris:0", ChatOrigin + "/chat/signed-in");
        builder.UseSetting("Auth:Clients:Mobile:PostLogoutRedirectUris:0", "http://127.0.0.1/signed-out");
        builder.UseSetting("Webhooks:AllowHttp", "true");
        builder.UseSetting("Webhooks:PollInterval", "00:00:00.100");
        builder.UseSetting("Webhooks:BaseBackoff", "00:00:00.200");
        builder.UseSetting("Webhooks:MaxBackoff", "00:00:01");
        builder.UseSetting("Webhooks:Timeout", "00:00:02");
        builder.UseSetting("Channels:Chat:AllowedOrigins:0", ChatOrigin);
        builder.UseSetting("Channels:Sms:Enabled", "true");
        builder.UseSetting("Channels:Sms:AccountSid", SmsAccountSid);
        builder.UseSetting("Channels:Sms:AuthToken", SmsAuthToken);
        builder.UseSetting("Channels:Sms:From", SmsFrom);
        builder.UseSetting("Channels:Sms:BaseUrl", $"http://127.0.0.1:{SmsProviderPort}");
        builder.UseSetting("Channels:Sms:PublicBaseUrl", PublicBaseUrl);
        builder.UseSetting("Channels:Sms:Timeout", "00:00:02");
        builder.UseSetting("Channels:Messenger:Enabled", "true");
        builder.UseSetting("Channels:Messenger:AppSecret", MessengerAppSecret);
        builder.UseSetting("Channels:Messenger:VerifyToken", MessengerVerifyToken);
        builder.UseSetting("Channels:Messenger:PageAccessToken", MessengerPageToken);
        builder.UseSetting("Channels:Messenger:BaseUrl", $"http://127.0.0.1:{MessengerProviderPort}");
        builder.UseSetting("Channels:Messenger:Timeout", "00:00:02");
        if (Channels.Email.TestMailServer.Available)
        {
            builder.UseSetting("Channels:Email:Smtp:Host", Channels.Email.TestMailServer.SmtpHost);
            builder.UseSetting("Channels:Email:Smtp:Port", Channels.Email.TestMailServer.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Channels:Email:Smtp:Security", "None");
            builder.UseSetting("Channels:Email:Smtp:FromAddress", $"city@{Channels.Email.TestMailServer.Domain}");
            builder.UseSetting("Channels:Email:Smtp:FromName", "City of Springfield");
            builder.UseSetting("Channels:Email:Smtp:Timeout", "00:00:10");
        }
        // The shared hosts' tests all come from one address; the rate-limit tests have a host of their own with low limits.
        foreach (var rule in new[] { "SignInPerAddress", "SignInPerAccount", "TokenPerAddress", "Open311PostPerAddress", "Open311PostPerKey", "WebhooksPerSource", "ChatConnectionsPerAddress" })
        {
            builder.UseSetting($"RateLimits:{rule}:Permits", "1000000");
        }

        builder.UseSetting("Portal:Federation:Authority", Auth.StateLoginProvider.Issuer);
        builder.UseSetting("Portal:Federation:ClientId", Auth.StateLoginProvider.ClientId);
        builder.UseSetting("Portal:Federation:ClientSecret", Auth.StateLoginProvider.ClientSecret);
        builder.UseSetting("Portal:Federation:DisplayName", Auth.StateLoginProvider.DisplayName);
        // The state login is the in-memory provider: the handler reaches its discovery, keys and token endpoint
        // through its TestServer. Configure (not PostConfigure) so the handler's own set-up builds the backchannel on it.
        builder.ConfigureTestServices(services => services.Configure<OpenIdConnectOptions>(
            PortalFederation.Scheme, oidc => oidc.BackchannelHttpHandler = Auth.StateLoginProvider.Shared.Handler));
        builder.UseSetting("Outreach:Enabled", RunsOutreachWorker ? "true" : "false");
        builder.UseSetting("Outreach:PollInterval", "00:00:00.100");
        builder.UseSetting("Outreach:BaseBackoff", "00:00:00.050");
        builder.UseSetting("Outreach:MaxBackoff", "00:00:00.200");
        builder.UseSetting("Outreach:MaxAttempts", "4");
        builder.UseSetting("Outreach:Lease", "00:00:30");
        builder.UseSetting("Outreach:SurveyLink", "https://survey.example.gov/{reference}");
        // No default quiet hours: a test's outcome must not depend on the time of day it runs at. The quiet-hours
        // test sets a citizen's own.
        builder.UseSetting("Outreach:QuietHoursStart", "00:00");
        builder.UseSetting("Outreach:QuietHoursEnd", "00:00");
        builder.UseSetting("Audit:SealInterval", "00:00:00.100");
        builder.UseSetting("Transport:KnownProxies:0", ProxyInFront.Address);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ProxyInFront>());
        if (RunsOutreach)
        {
            // The outreach tests watch what reaches each provider; the shared hosts keep the real adapters, whose
            // tests talk to the fake providers and the test mail server.
            builder.ConfigureTestServices(services =>
            {
                foreach (var channel in RecordedChannels)
                {
                    services.AddSingleton(Senders.For(channel));
                }
            });
        }
    }

    /// <summary>Skips the calling test when this database is not available on the machine.</summary>
    public void RequireDatabase() => Assert.SkipWhen(ConnectionString is null, SkipReason ?? "database not available");

    public async Task<HttpClient> StaffClientAsync(string userName = "dana")
    {
        RequireDatabase();
        if (!_tokens.TryGetValue(userName, out var token))
        {
            token = await TokenAsync(new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["client_id"] = "civichub-desk",
                ["username"] = userName,
                ["password"] = StaffPassword,
                ["otp"] = await OneTimeCodeAsync(userName, DemoStaff.TotpSecret(StaffTotpSeed, userName)),
                ["scope"] = "api",
            });
            _tokens[userName] = token;
        }

        return WithToken(token);
    }

    /// <summary>
    /// A code the sign-in will accept for the member of staff: each time step's code works once, so this takes the
    /// current step or, when that is used, the next one (never the previous: the clock may pass a step boundary
    /// before the server checks it), waiting for the clock when both are used.
    /// </summary>
    public async Task<string> OneTimeCodeAsync(string userName, byte[] secret)
    {
        var time = Services.GetRequiredService<TimeProvider>();
        var deadline = DateTime.UtcNow.AddSeconds(Totp.StepSeconds * 2);
        while (true)
        {
            var last = await InDbAsync(db => db.Staff.Where(s => s.UserName == userName).Select(s => s.TotpLastStep).FirstAsync());
            var now = Totp.StepAt(time.GetUtcNow());
            var step = Math.Max(now, (last ?? long.MinValue) + 1);
            if (step <= now + Totp.AllowedDrift)
            {
                return Totp.Code(secret, step);
            }

            Assert.True(DateTime.UtcNow < deadline, "No unused time step came up.");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>A new active member of staff with the tests' password and an authenticator set up; returns the TOTP secret too.</summary>
    public async Task<(Guid Id, string UserName, byte[] Secret)> NewStaffAsync(StaffRole role = StaffRole.Agent, bool withAuthenticator = true)
    {
        var userName = "t" + Guid.NewGuid().ToString("N")[..12];
        var secret = Totp.NewSecret();
        var id = await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CivicHubDb>();
            var staff = new StaffMember { Id = Guid.CreateVersion7(), UserName = userName, DisplayName = "Test " + userName, Role = role };
            staff.PasswordHash = StaffPasswords.Hash(staff, StaffPassword);
            staff.TotpSecret = withAuthenticator ? sp.GetRequiredService<StaffSecrets>().Protect(secret) : null;
            db.Staff.Add(staff);
            await db.SaveChangesAsync();
            return staff.Id;
        });
        return (id, userName, secret);
    }

    public Task<HttpClient> IntegrationClientAsync() => IntegrationClientAsync("demo-integrator", IntegratorSecret);

    /// <summary>A client of the given integration, registering it first when it is not the demo's.</summary>
    public async Task<HttpClient> IntegrationClientAsync(string clientId, string secret)
    {
        RequireDatabase();
        if (!_tokens.TryGetValue(clientId, out var token))
        {
            if (clientId != "demo-integrator")
            {
                await InScopeAsync(async sp =>
                {
                    await sp.GetRequiredService<ClientRegistrations>().EnsureIntegrationClientAsync(clientId, clientId, secret, CancellationToken.None);
                    return true;
                });
            }

            token = await TokenAsync(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = clientId,
                ["client_secret"] = secret,
                ["scope"] = "api",
            });
            _tokens[clientId] = token;
        }

        return WithToken(token);
    }

    public HttpClient AnonymousClient()
    {
        RequireDatabase();
        return CreateClient();
    }

    /// <summary>Runs code against the host's own services (the database, the intake pipeline) in a fresh scope.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        RequireDatabase();
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    public Task<T> InDbAsync<T>(Func<CivicHubDb, Task<T>> work) => InScopeAsync(sp => work(sp.GetRequiredService<CivicHubDb>()));

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<string> TokenAsync(Dictionary<string, string> form)
    {
        using var client = CreateClient();
        using var content = new FormUrlEncodedContent(form);
        var response = await client.PostAsync(new Uri("/connect/token", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }

    private HttpClient WithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
