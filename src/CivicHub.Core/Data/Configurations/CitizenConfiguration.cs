using CivicHub.Core.Citizens;
using CivicHub.Core.Interactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CivicHub.Core.Data.Configurations;

internal sealed class CitizenConfiguration :
    IEntityTypeConfiguration<Citizen>,
    IEntityTypeConfiguration<ChannelIdentity>,
    IEntityTypeConfiguration<CitizenMerge>
{
    public void Configure(EntityTypeBuilder<CitizenMerge> builder)
    {
        builder.HasIndex(m => m.SourceId);
        builder.HasIndex(m => m.TargetId);
        builder.Property(m => m.Actor).HasMaxLength(100);
        builder.Property(m => m.UndoneBy).HasMaxLength(100);
        builder.Property(m => m.Reason).HasMaxLength(2_000);
        builder.HasOne<Citizen>().WithMany().HasForeignKey(m => m.SourceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Citizen>().WithMany().HasForeignKey(m => m.TargetId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Citizen> builder)
    {
        builder.Property(c => c.GivenName).HasMaxLength(200);
        builder.Property(c => c.FamilyName).HasMaxLength(200);
        builder.Property(c => c.GivenKey).HasMaxLength(200);
        builder.Property(c => c.FamilyKey).HasMaxLength(200);
        builder.Property(c => c.PreferredLanguage).HasMaxLength(16);
        builder.Property(c => c.TimeZone).HasMaxLength(64);
        builder.Ignore(c => c.DisplayName);

        // Stored as "sms,email": order matters and the list is short.
        builder.Property(c => c.PreferredChannels)
            .HasConversion(
                v => string.Join(',', v),
                v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<Channel>).ToList(),
                new ValueComparer<List<Channel>>(
                    (a, b) => a!.SequenceEqual(b!),
                    v => v.Aggregate(0, (h, c) => HashCode.Combine(h, c)),
                    v => v.ToList()))
            .HasMaxLength(200);

        builder.OwnsMany(c => c.Addresses, a => a.ToJson());
        // Demographics is encrypted as one JSON text (Privacy/Protection/ProtectedFields), no longer a JSON column.
        builder.HasMany(c => c.Identities).WithOne().HasForeignKey(i => i.CitizenId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.FamilyKey);
        builder.HasIndex(c => c.GivenKey);
    }

    public void Configure(EntityTypeBuilder<ChannelIdentity> builder)
    {
        builder.HasIndex(i => new { i.Kind, i.Value }).IsUnique();
        builder.HasIndex(i => i.CitizenId);
        builder.Property(i => i.Value).HasMaxLength(320);
        builder.Property(i => i.Display).HasMaxLength(320);
    }
}
