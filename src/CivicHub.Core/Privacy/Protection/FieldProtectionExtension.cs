using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Core.Privacy.Protection;

/// <summary>Carries a host's <see cref="FieldProtection"/> in the context options, where the model's converters find it.</summary>
internal sealed class FieldProtectionExtension(FieldProtection protection) : IDbContextOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    public FieldProtection Protection { get; } = protection;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "FieldProtection ";

        // One internal service provider for all hosts: the model cache key (ProtectedModelCacheKeyFactory) tells them apart.
        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
        {
        }
    }
}
