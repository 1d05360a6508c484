using CivicHub.Core.Events;
using CivicHub.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CivicHub.Core.Data.Configurations;

internal sealed class WebhookConfiguration :
    IEntityTypeConfiguration<WebhookSubscription>,
    IEntityTypeConfiguration<WebhookDelivery>,
    IEntityTypeConfiguration<WebhookFanOutLease>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.HasIndex(s => s.ClientId);
        builder.Property(s => s.ClientId).HasMaxLength(200);
        builder.Property(s => s.Url).HasMaxLength(2_000);
        builder.Property(s => s.Secret).HasMaxLength(100);
        builder.Property(s => s.Description).HasMaxLength(500);
        builder.Property(s => s.DisabledReason).HasMaxLength(500);
    }

    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.HasIndex(d => new { d.SubscriptionId, d.EventId }).IsUnique();
        // The dispatcher's question: which pending deliveries are due, and is an earlier one for the same key still pending?
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.SubscriptionId, d.OrderingKey, d.EventId }).HasFilter("\"Status\" = 'Pending'");
        builder.Property(d => d.LastError).HasMaxLength(1_000);
        builder.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<DomainEvent>().WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<WebhookFanOutLease> builder)
    {
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.HasData(new WebhookFanOutLease { Id = WebhookFanOutLease.TheLease });
    }
}
