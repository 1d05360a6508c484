using CivicHub.Core.Staff;
using CivicHub.Core.Staff.Passkeys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CivicHub.Core.Data.Configurations;

internal sealed class StaffPasskeyConfiguration : IEntityTypeConfiguration<StaffPasskey>, IEntityTypeConfiguration<PasskeyCeremony>
{
    public void Configure(EntityTypeBuilder<StaffPasskey> builder)
    {
        // A credential id is the authenticator's to choose; two members can never share one (WebAuthn §7.1 step 25).
        builder.HasIndex(p => p.CredentialId).IsUnique();
        builder.HasIndex(p => p.StaffId);
        // WebAuthn allows credential ids up to 1023 bytes and user handles up to 64.
        builder.Property(p => p.CredentialId).HasMaxLength(1023);
        builder.Property(p => p.UserHandle).HasMaxLength(64);
        builder.Property(p => p.PublicKey).HasMaxLength(2048);
        builder.Property(p => p.Name).HasMaxLength(StaffPasskeys.NameMaxLength);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(p => p.StaffId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<PasskeyCeremony> builder)
    {
        builder.HasIndex(c => c.ExpiresAt);
        builder.Property(c => c.Options).HasMaxLength(20_000);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(c => c.StaffId).OnDelete(DeleteBehavior.Cascade);
    }
}
