using CivicHub.Server.Tests.Hosting;

namespace CivicHub.Server.Tests.Outreach;

/// <summary>A host of its own on SQLite with the outreach worker running: its sends and timeline entries stay out of the other tests' way.</summary>
public sealed class OutreachSqliteHost : SqliteHost
{
    protected override bool RunsOutreach => true;
}

/// <summary>The same on PostgreSQL.</summary>
public sealed class OutreachPostgresHost : PostgresHost
{
    protected override bool RunsOutreach => true;
}

/// <summary>The outreach tests on SQLite.</summary>
[CollectionDefinition(Name)]
public sealed class OutreachSqliteCollection : ICollectionFixture<OutreachSqliteHost>
{
    public const string Name = "Outreach on SQLite";
}

/// <summary>The outreach tests on PostgreSQL.</summary>
[CollectionDefinition(Name)]
public sealed class OutreachPostgresCollection : ICollectionFixture<OutreachPostgresHost>
{
    public const string Name = "Outreach on PostgreSQL";
}
