using CivicHub.Core.Data;

namespace CivicHub.Server.Tests.Hosting;

/// <summary>CivicHub on a fresh SQLite file.</summary>
public class SqliteHost : CivicHubHost
{
    private readonly string _folder = Directory.CreateTempSubdirectory("civichub-tests-").FullName;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override string ConnectionString => $"Data Source={Path.Combine(_folder, "civichub.db")}";

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
