using CivicHub.Core.Cases;
using CivicHub.Core.Citizens;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using CivicHub.Core.Outreach.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CivicHub.Core.Data.Configurations;

internal sealed class OutreachConfiguration : IEntityTypeConfiguration<OutboundMessage>, IEntityTypeConfiguration<MessageTemplate>
{
    public void Configure(EntityTypeBuilder<OutboundMessage> builder)
    {
        // The worker's question: which queued messages are due?
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
        // Receipts find the message by the provider's id.
        builder.HasIndex(m => new { m.Channel, m.ProviderMessageId }).IsUnique().HasFilter("\"ProviderMessageId\" IS NOT NULL");
        builder.HasIndex(m => new { m.CitizenId, m.CreatedAt });
        builder.HasIndex(m => m.CaseId);
        // Never twice: a notification is queued once per channel, whichever host decides it.
        builder.HasIndex(m => new { m.NotificationId, m.Channel }).IsUnique();
        builder.HasIndex(m => m.ClaimToken);
        builder.Property(m => m.TemplateData).HasMaxLength(20_000);
        builder.Property(m => m.Recipient).HasMaxLength(320);
        builder.Property(m => m.Subject).HasMaxLength(500);
        builder.Property(m => m.Body).HasMaxLength(100_000);
        builder.Property(m => m.HtmlBody).HasMaxLength(200_000);
        builder.Property(m => m.Language).HasMaxLength(35);
        builder.Property(m => m.TemplateKey).HasMaxLength(100);
        builder.Property(m => m.Author).HasMaxLength(100);
        builder.Property(m => m.ProviderMessageId).HasMaxLength(200);
        builder.Property(m => m.InReplyTo).HasMaxLength(200);
        builder.Property(m => m.LastError).HasMaxLength(1_000);
        builder.HasOne<Citizen>().WithMany().HasForeignKey(m => m.CitizenId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Case>().WithMany().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ChannelIdentity>().WithMany().HasForeignKey(m => m.ChannelIdentityId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Interaction>().WithMany().HasForeignKey(m => m.InteractionId).OnDelete(DeleteBehavior.SetNull);
    }

    public void Configure(EntityTypeBuilder<MessageTemplate> builder)
    {
        builder.HasIndex(t => new { t.Kind, t.Variant, t.Language }).IsUnique();
        builder.Property(t => t.Kind).HasMaxLength(64);
        builder.Property(t => t.Variant).HasMaxLength(16);
        builder.Property(t => t.Language).HasMaxLength(16);
        builder.Property(t => t.Subject).HasMaxLength(1_000);
        builder.Property(t => t.Body).HasMaxLength(20_000);
        builder.Property(t => t.HtmlBody).HasMaxLength(50_000);
        builder.Property(t => t.UpdatedBy).HasMaxLength(100);
    }
}
