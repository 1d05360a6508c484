using CivicHub.Core.Cases;
using CivicHub.Core.Citizens;
using CivicHub.Core.Interactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CivicHub.Core.Data.Configurations;

internal sealed class InteractionConfiguration : IEntityTypeConfiguration<Interaction>
{
    public void Configure(EntityTypeBuilder<Interaction> builder)
    {
        // Timelines page newest first by (OccurredAt, Id) within a citizen or a case.
        builder.HasIndex(i => new { i.CitizenId, i.OccurredAt, i.Id });
        builder.HasIndex(i => new { i.CaseId, i.OccurredAt, i.Id });
        // Threading looks for the identity's latest contact on the channel. Optional keys are only ever looked up by a
        // value (and by their foreign keys' checks), so their indexes leave out the rows without one: most interactions
        // belong to no draft, and those logged by staff or through the API come from no known address.
        builder.HasIndex(i => new { i.ChannelIdentityId, i.Channel, i.OccurredAt }).HasFilter("\"ChannelIdentityId\" IS NOT NULL");
        builder.HasIndex(i => i.DraftId).HasFilter("\"DraftId\" IS NOT NULL");
        builder.HasIndex(i => new { i.Channel, i.ExternalId }).IsUnique().HasFilter("\"ExternalId\" IS NOT NULL");
        builder.Property(i => i.Subject).HasMaxLength(500);
        builder.Property(i => i.Body).HasMaxLength(100_000);
        builder.Property(i => i.Author).HasMaxLength(100);
        builder.Property(i => i.AuthorName).HasMaxLength(200);
        builder.Property(i => i.ExternalId).HasMaxLength(200);
        builder.Property(i => i.QuotedReference).HasMaxLength(9);
        builder.HasOne<Citizen>().WithMany().HasForeignKey(i => i.CitizenId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Case>().WithMany().HasForeignKey(i => i.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ChannelIdentity>().WithMany().HasForeignKey(i => i.ChannelIdentityId).OnDelete(DeleteBehavior.SetNull);
    }
}
