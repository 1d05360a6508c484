using CivicHub.Core.Interactions;
using CivicHub.Server.Tests.Channels.Email;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;

namespace CivicHub.Server.Tests.Journeys;

/// <summary>
/// A host of its own on SQLite that runs outreach and sends email through the real SMTP adapter (the journey reads
/// the reply back from the citizen's real mailbox); SMS and social sends are recorded, there being no provider.
/// </summary>
public sealed class JourneySqliteHost : SqliteHost
{
    protected override bool RunsOutreach => true;

    protected override IReadOnlyList<Channel> RecordedChannels => [Channel.Sms, Channel.Social];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        JourneyMail.UseOwnFromAddress(builder);
    }
}

/// <summary>The same on PostgreSQL.</summary>
public sealed class JourneyPostgresHost : PostgresHost
{
    protected override bool RunsOutreach => true;

    protected override IReadOnlyList<Channel> RecordedChannels => [Channel.Sms, Channel.Social];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        JourneyMail.UseOwnFromAddress(builder);
    }
}

/// <summary>The journey hosts' mail settings.</summary>
public static class JourneyMail
{
    /// <summary>
    /// Replies go out from the one configured address, and the citizen answers to it: a host's own address keeps its
    /// answers out of the mailbox other hosts (and other test runs) poll at the same time.
    /// </summary>
    public static void UseOwnFromAddress(IWebHostBuilder builder)
    {
        if (TestMailServer.Available)
        {
            builder.UseSetting("Channels:Email:Smtp:FromAddress", TestMailServer.NewAddress("city"));
        }
    }
}

/// <summary>The journeys that need outreach and real email, on SQLite.</summary>
[CollectionDefinition(Name)]
public sealed class JourneySqliteCollection : ICollectionFixture<JourneySqliteHost>
{
    public const string Name = "Journeys on SQLite";
}

/// <summary>The same on PostgreSQL.</summary>
[CollectionDefinition(Name)]
public sealed class JourneyPostgresCollection : ICollectionFixture<JourneyPostgresHost>
{
    public const string Name = "Journeys on PostgreSQL";
}
