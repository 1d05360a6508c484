using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CivicHub.Core.Privacy.Protection;

/// <summary>Gives a CivicHubDb the host's field protection.</summary>
public static class FieldProtectionDbContextOptionsExtensions
{
    public static DbContextOptionsBuilder UseFieldProtection(this DbContextOptionsBuilder builder, FieldProtection protection)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new FieldProtectionExtension(protection));
        return builder.ReplaceService<IModelCacheKeyFactory, ProtectedModelCacheKeyFactory>();
    }
}
