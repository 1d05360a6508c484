using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CivicHub.Core.Data;

/// <summary>
/// Lets a cache that loads on demand inside requests (the catalog, the agreements) read through a small connection
/// pool of its own on PostgreSQL. A request may hold one of the host's pooled connections while it asks the cache
/// (the transaction of an Idempotency-Key, the open connection of a 360 view's batch); if every connection of the
/// host's pool, which is small (<see cref="DbContextOptionsExtensions.DefaultMaxPoolSize"/>), were held so while the
/// cache loaded, the load would wait for a connection that none of them gives back before it is done.
/// </summary>
internal static class CacheLoads
{
    // Added to the host's application name, which PostgreSQL shows in pg_stat_activity.
    private const string ApplicationNameSuffix = " (cache loads)";

    // One load at a time per cache, and two caches.
    private const int PoolSize = 2;

    /// <summary>Runs <paramref name="read"/> on <paramref name="db"/>, a context of a scope of its own, through the caches' pool.</summary>
    public static async Task<T> ReadAsync<T>(CivicHubDb db, Func<Task<T>> read)
    {
        if (!db.IsPostgres)
        {
            return await read();
        }

        // The context goes back to EF Core's pool of contexts afterwards: give it its connection string back.
        var shared = db.Database.GetConnectionString()!;
        db.Database.SetConnectionString(OwnPool(shared));
        try
        {
            return await read();
        }
        finally
        {
            db.Database.SetConnectionString(shared);
        }
    }

    private static string OwnPool(string shared)
    {
        var builder = new NpgsqlConnectionStringBuilder(shared);
        builder.ApplicationName = (builder.ApplicationName ?? "CivicHub") + ApplicationNameSuffix;
        builder.MinPoolSize = 0;
        builder.MaxPoolSize = PoolSize;
        return builder.ConnectionString;
    }
}
