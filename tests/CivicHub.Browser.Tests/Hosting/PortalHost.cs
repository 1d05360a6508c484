using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Demo;
using CivicHub.Core.Staff;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Browser.Tests.Hosting;

/// <summary>
/// The real CivicHub host on a real Kestrel port, on a fresh SQLite file with the demo jurisdiction, and the
/// system's Chromium driven by Playwright. One is shared by every browser test; tests make their own citizens, so
/// they do not depend on each other.
/// </summary>
public sealed class PortalHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string StaffPassword = "correct horse battery staple";

    /// <summary>The seed of the demo staff's authenticator secrets, so the tests compute their codes.</summary>
    public const string StaffTotpSeed = "totp-seed-for-tests";
    public const string IntegratorSecret = "integration-secret-for-tests";
    public const string CityOrigin = "https://www.city.example";

    private readonly string _folder = Directory.CreateTempSubdirectory("civichub-browser-").FullName;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public PortalHost() => UseKestrel(0);

    /// <summary>The address of the running host, such as http://127.0.0.1:41234.</summary>
    public Uri BaseAddress { get; private set; } = new("http://localhost");

    /// <summary>Why the browser tests cannot run here, or null. In CI a missing Chromium fails instead of skipping.</summary>
    public static string? SkipReason =>
        File.Exists(ChromiumPath) || Environment.GetEnvironmentVariable("CI") == "true"
            ? null
            : $"The browser tests need Chromium at {ChromiumPath} (apt-get install chromium; .ci/run installs it).";

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser did not start.");

    public async ValueTask InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The chat tests' city page is public while the host listens on loopback; Chromium's Local Network
            // Access prompt would block the widget's requests, which a real deployment (a public host) never meets.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-features=LocalNetworkAccessChecks"],
        });
    }

    public new async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A fresh browser context (its own cookies) at the host's address; JavaScript can be switched off.</summary>
    public async Task<IPage> NewPageAsync(bool javaScript = true, string? language = null)
    {
        Assert.SkipWhen(SkipReason is not null, SkipReason ?? string.Empty);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            JavaScriptEnabled = javaScript,
            Locale = language ?? "en-US",
        });
        // In CI the browser tests share two cores with the server tests, and the first form a cold host renders and
        // posts (password hashing, query compilation) once took longer than 15 s: waits give up after 30 s instead.
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Runs code against the host's own services in a fresh scope.</summary>
    public async Task<T> InDbAsync<T>(Func<CivicHubDb, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<CivicHubDb>());
    }

    /// <summary>
    /// A code the sign-in will accept for the member of staff (the demo's secret unless given): the current time
    /// step's, after forgetting which step they last used. The browser tests sign the same demo staff in many times a
    /// minute, each time like a new device; honouring "each code once" here would make a desk test wait up to 30 s
    /// for the clock. That rule is proven by Server.Tests' StaffMfaTests. The current step's code stays valid if the
    /// clock passes a step boundary before the server checks it (one step of drift is allowed).
    /// </summary>
    public async Task<string> OneTimeCodeAsync(string userName, byte[]? secret = null)
    {
        secret ??= DemoStaff.TotpSecret(StaffTotpSeed, userName);
        await InDbAsync(db => db.Staff.Where(s => s.UserName == userName)
            .ExecuteUpdateAsync(update => update.SetProperty(s => s.TotpLastStep, (long?)null)));
        return Totp.Code(secret, Totp.StepAt(DateTimeOffset.UtcNow));
    }

    /// <summary>The citizen record a portal account belongs to, found as the portal finds it: through its Portal identity.</summary>
    public Task<Guid> CitizenIdOfAsync(string email) => InDbAsync(async db =>
    {
        var accountId = (await db.CitizenAccounts.SingleAsync(a => a.Email == email)).Id.ToString();
        return await db.ChannelIdentities.Where(i => i.Kind == IdentityKind.Portal && i.Value == accountId).Select(i => i.CitizenId).SingleAsync();
    });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:CivicHub", $"Data Source={Path.Combine(_folder, "civichub.db")}");
        builder.UseSetting("Demo:Enabled", "true");
        // Every browser test signs in from loopback, often as the same member of staff: the limits would stop them.
        foreach (var rule in new[] { "SignInPerAddress", "SignInPerAccount", "TokenPerAddress", "Open311PostPerAddress", "Open311PostPerKey", "WebhooksPerSource", "ChatConnectionsPerAddress" })
        {
            builder.UseSetting($"RateLimits:{rule}:Permits", "1000000");
        }

        builder.UseSetting("Demo:Citizens", "60");
        builder.UseSetting("Demo:StaffPassword", StaffPassword);
        builder.UseSetting("Demo:StaffTotpSeed", StaffTotpSeed);
        builder.UseSetting("Demo:ClientSecret", IntegratorSecret);
        builder.UseSetting("Auth:AllowHttp", "true");
        // The pages' tests count timeline entries; notifications sent in the background would add to them at any
        // moment. Outreach has tests of its own through the API.
        builder.UseSetting("Outreach:Enabled", "false");
        // The government site the chat tests embed the widget on; Playwright serves its page.
        builder.UseSetting("Channels:Chat:AllowedOrigins:0", CityOrigin);
    }
}
