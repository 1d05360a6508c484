using CivicHub.Core.Attachments;
using CivicHub.Core.Cases;
using CivicHub.Core.Citizens;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CivicHub.Core.Data.Configurations;

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        // Timelines list the files of the interactions on a page.
        builder.HasIndex(a => a.InteractionId);
        builder.HasIndex(a => a.CaseId);
        builder.HasIndex(a => a.CitizenId);
        builder.Property(a => a.FileName).HasMaxLength(AttachmentFileName.MaxLength);
        builder.Property(a => a.ContentType).HasMaxLength(100);
        builder.Property(a => a.Sha256).HasMaxLength(64);
        builder.HasOne(a => a.Interaction).WithMany().HasForeignKey(a => a.InteractionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Citizen>().WithMany().HasForeignKey(a => a.CitizenId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Case>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Restrict);
    }
}
