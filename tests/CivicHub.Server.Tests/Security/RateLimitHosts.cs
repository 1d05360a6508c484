using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;

namespace CivicHub.Server.Tests.Security;

/// <summary>
/// The limits a rate-limit host lowers so a test reaches them in a few requests, within windows no test outlives.
/// Clients are told apart by X-Forwarded-For from the proxy every test host trusts (ProxyInFront).
/// </summary>
public static class RateLimitSettings
{
    public const int SignInPerAddress = 4;
    public const int SignInPerAccount = 3;
    public const int TokenPerAddress = 5;
    public const int Open311PerAddress = 3;
    public const int Open311PerKey = 4;
    public const int WebhooksPerSource = 3;
    public const int ChatConnectionsPerAddress = 2;
    public const int DownloadsPerAddress = 3;

    public static void Apply(IWebHostBuilder builder)
    {
        Set(builder, "SignInPerAddress", SignInPerAddress);
        Set(builder, "SignInPerAccount", SignInPerAccount);
        Set(builder, "TokenPerAddress", TokenPerAddress);
        Set(builder, "Open311PostPerAddress", Open311PerAddress);
        Set(builder, "Open311PostPerKey", Open311PerKey);
        Set(builder, "WebhooksPerSource", WebhooksPerSource);
        Set(builder, "ChatConnectionsPerAddress", ChatConnectionsPerAddress);
        builder.UseSetting("Portal:DownloadPermits", DownloadsPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Portal:DownloadWindow", "01:00:00");
    }

    /// <summary>A client at its own address, as the trusted proxy reports it.</summary>
    public static HttpClient From(this CivicHubHost host, string address)
    {
        var client = host.AnonymousClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private static void Set(IWebHostBuilder builder, string rule, int permits)
    {
        builder.UseSetting($"RateLimits:{rule}:Permits", permits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting($"RateLimits:{rule}:Window", "01:00:00");
    }
}

/// <summary>A host of its own on SQLite with low rate limits.</summary>
public sealed class RateLimitSqliteHost : SqliteHost
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        RateLimitSettings.Apply(builder);
    }
}

/// <summary>The same on PostgreSQL.</summary>
public sealed class RateLimitPostgresHost : PostgresHost
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        RateLimitSettings.Apply(builder);
    }
}

/// <summary>The rate-limit tests on SQLite.</summary>
[CollectionDefinition(Name)]
public sealed class RateLimitSqliteCollection : ICollectionFixture<RateLimitSqliteHost>
{
    public const string Name = "Rate limits on SQLite";
}

/// <summary>The rate-limit tests on PostgreSQL.</summary>
[CollectionDefinition(Name)]
public sealed class RateLimitPostgresCollection : ICollectionFixture<RateLimitPostgresHost>
{
    public const string Name = "Rate limits on PostgreSQL";
}
