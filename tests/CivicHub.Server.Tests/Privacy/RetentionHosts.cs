using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;

namespace CivicHub.Server.Tests.Privacy;

/// <summary>
/// A host of its own on SQLite with retention schedules set: a run deletes old records across the whole database,
/// which the shared hosts' tests must not see. The worker stays off; the tests run the job with their own clock.
/// </summary>
public sealed class RetentionSqliteHost : SqliteHost
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        RetentionSettings.Apply(builder);
    }
}

/// <summary>The same on PostgreSQL.</summary>
public sealed class RetentionPostgresHost : PostgresHost
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        RetentionSettings.Apply(builder);
    }
}

/// <summary>The retention hosts' schedules.</summary>
public static class RetentionSettings
{
    public static readonly TimeSpan ClosedCases = TimeSpan.FromDays(3650);
    public static readonly TimeSpan ProvisionalCitizens = TimeSpan.FromDays(365);
    public static readonly TimeSpan ClosedChats = TimeSpan.FromDays(30);
    public static readonly TimeSpan DeliveredEvents = TimeSpan.FromDays(90);

    public static void Apply(IWebHostBuilder builder)
    {
        builder.UseSetting("Retention:Enabled", "false");
        builder.UseSetting("Retention:ClosedCases", "3650.00:00:00");
        builder.UseSetting("Retention:OutboundMessageBodies", "90.00:00:00");
        builder.UseSetting("Retention:AbandonedDrafts", "180.00:00:00");
        builder.UseSetting("Retention:WebhookDeliveries", "30.00:00:00");
        builder.UseSetting("Retention:ProvisionalCitizens", "365.00:00:00");
        builder.UseSetting("Retention:ClosedChats", "30.00:00:00");
        builder.UseSetting("Retention:DeliveredEvents", "90.00:00:00");
        builder.UseSetting("Retention:Lease", "00:10:00");
    }
}

[CollectionDefinition(Name)]
public sealed class RetentionSqliteCollection : ICollectionFixture<RetentionSqliteHost>
{
    public const string Name = "Retention on SQLite";
}

[CollectionDefinition(Name)]
public sealed class RetentionPostgresCollection : ICollectionFixture<RetentionPostgresHost>
{
    public const string Name = "Retention on PostgreSQL";
}
