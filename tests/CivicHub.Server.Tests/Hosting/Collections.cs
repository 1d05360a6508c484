namespace CivicHub.Server.Tests.Hosting;

/// <summary>The tests that share one CivicHub host on SQLite.</summary>
[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteHost>
{
    public const string Name = "SQLite";
}

/// <summary>The tests that share one CivicHub host on PostgreSQL.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresHost>
{
    public const string Name = "PostgreSQL";
}
