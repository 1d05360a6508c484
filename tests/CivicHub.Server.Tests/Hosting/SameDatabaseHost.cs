using CivicHub.Core.Data;

namespace CivicHub.Server.Tests.Hosting;

/// <summary>A second CivicHub host on another host's database: a restart, or a second server behind the load balancer.</summary>
public sealed class SameDatabaseHost(CivicHubHost first) : CivicHubHost
{
    public override DatabaseProvider Provider => first.Provider;

    protected override string? ConnectionString => first.DatabaseConnectionString;
}
