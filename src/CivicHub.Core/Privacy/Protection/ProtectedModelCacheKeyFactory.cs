using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CivicHub.Core.Privacy.Protection;

/// <summary>
/// Keys the cached model by the host's <see cref="FieldProtection"/>: the model's converters hold it, and two hosts in
/// one process (tests, a restart in place) must not encrypt with each other's key ring.
/// </summary>
internal sealed class ProtectedModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), designTime, FieldProtectionOf(context));

    public static FieldProtection FieldProtectionOf(DbContext context) =>
        context.GetService<IDbContextOptions>().FindExtension<FieldProtectionExtension>()?.Protection ?? FieldProtection.Ephemeral;
}
