using CivicHub.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CivicHub.Core.Data.Configurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<CitizenAccount>
{
    public void Configure(EntityTypeBuilder<CitizenAccount> builder)
    {
        builder.HasIndex(a => a.Email).IsUnique();
        builder.HasIndex(a => a.VerificationTokenHash).IsUnique().HasFilter("\"VerificationTokenHash\" IS NOT NULL");
        builder.Property(a => a.Email).HasMaxLength(320);
        builder.Property(a => a.PasswordHash).HasMaxLength(200);
        builder.Property(a => a.VerificationTokenHash).HasMaxLength(64);
        builder.HasIndex(a => a.PasswordResetTokenHash).IsUnique().HasFilter("\"PasswordResetTokenHash\" IS NOT NULL");
        builder.Property(a => a.PasswordResetTokenHash).HasMaxLength(64);
        builder.Property(a => a.SessionStamp).HasMaxLength(64);
    }
}
