using CivicHub.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CivicHub.Core.Data.Configurations;

internal sealed class FederatedLoginConfiguration : IEntityTypeConfiguration<FederatedLogin>
{
    public void Configure(EntityTypeBuilder<FederatedLogin> builder)
    {
        // One provider identity opens one account, so two racing first sign-ins cannot create two.
        builder.HasIndex(l => new { l.Issuer, l.Subject }).IsUnique();
        builder.HasIndex(l => l.AccountId);
        builder.Property(l => l.Issuer).HasMaxLength(300);
        builder.Property(l => l.Subject).HasMaxLength(255);
        builder.HasOne<CitizenAccount>().WithMany().HasForeignKey(l => l.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
