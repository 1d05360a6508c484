using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CivicHub.Migrations.Sqlite;

/// <summary>Lets 'dotnet ef' build the model for Sqlite without starting the host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CivicHubDb>
{
    public CivicHubDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CivicHubDb>();
        options.UseCivicHubDatabase("Data Source=design-time.db");
        return new CivicHubDb(options.Options);
    }
}
