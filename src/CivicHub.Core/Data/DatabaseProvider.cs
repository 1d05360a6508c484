namespace CivicHub.Core.Data;

/// <summary>The databases CivicHub runs on.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
