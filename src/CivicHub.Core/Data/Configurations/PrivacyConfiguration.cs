using CivicHub.Core.Citizens;
using CivicHub.Core.Privacy.Agreements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CivicHub.Core.Data.Configurations;

internal sealed class PrivacyConfiguration : IEntityTypeConfiguration<DataSharingAgreement>, IEntityTypeConfiguration<CitizenConsent>
{
    public void Configure(EntityTypeBuilder<DataSharingAgreement> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.Purpose).HasMaxLength(1_000);
        builder.Property(a => a.LegalBasis).HasMaxLength(1_000);
        // Flags are stored as their names ("ContactDetails, Cases"), longer than the 32 characters of a single enum name.
        builder.Property(a => a.Categories).HasMaxLength(128);
        builder.HasIndex(a => a.Status);
    }

    public void Configure(EntityTypeBuilder<CitizenConsent> builder)
    {
        builder.Property(k => k.RecordedBy).HasMaxLength(200);
        // The access check's question: which agreements has this citizen consented to, and not withdrawn?
        builder.HasIndex(k => new { k.CitizenId, k.AgreementId });
        builder.HasOne<Citizen>().WithMany().HasForeignKey(k => k.CitizenId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<DataSharingAgreement>().WithMany().HasForeignKey(k => k.AgreementId).OnDelete(DeleteBehavior.Cascade);
    }
}
