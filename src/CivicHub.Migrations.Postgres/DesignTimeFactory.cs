using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CivicHub.Migrations.Postgres;

/// <summary>Lets 'dotnet ef' build the model for Postgres without starting the host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CivicHubDb>
{
    public CivicHubDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CivicHubDb>();
        options.UseCivicHubDatabase("Host=localhost;Database=civichub_design");
        return new CivicHubDb(options.Options);
    }
}
