using CivicHub.Core.Open311;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CivicHub.Core.Data.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        // Every Open311 POST looks its key up by hash.
        builder.HasIndex(k => k.KeyHash).IsUnique();
        builder.Property(k => k.Name).HasMaxLength(ApiKeys.MaxNameLength);
        builder.Property(k => k.KeyHash).HasMaxLength(64);
        builder.Property(k => k.CreatedBy).HasMaxLength(100);
        builder.Property(k => k.RevokedBy).HasMaxLength(100);
    }
}
