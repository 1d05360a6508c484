using CivicHub.Core.Privacy.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CivicHub.Core.Data.Configurations;

internal sealed class AuditConfiguration : IEntityTypeConfiguration<AuditEntry>, IEntityTypeConfiguration<AuditSeal>, IEntityTypeConfiguration<AuditSealLease>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        // No foreign keys: the log outlives what it names (an erased citizen, a departed member of staff).
        builder.Property(e => e.ActorId).HasMaxLength(200);
        builder.Property(e => e.ActorName).HasMaxLength(200);
        builder.Property(e => e.ActorRole).HasMaxLength(32);
        builder.Property(e => e.ActorDepartments).HasMaxLength(500);
        builder.Property(e => e.RecordKind).HasMaxLength(32);
        builder.Property(e => e.RecordId).HasMaxLength(2_000);
        builder.Property(e => e.Purpose).HasMaxLength(AuditSource.MaxPurposeLength);
        builder.Property(e => e.CallerPurpose).HasMaxLength(AuditSource.MaxPurposeLength);
        builder.Property(e => e.RemoteAddress).HasMaxLength(64);
        builder.Property(e => e.UserAgent).HasMaxLength(AuditSource.MaxUserAgentLength);
        builder.HasIndex(e => new { e.CitizenId, e.Id });
        builder.HasIndex(e => new { e.ActorId, e.Id });
        builder.HasIndex(e => e.OccurredAt);
    }

    public void Configure(EntityTypeBuilder<AuditSeal> builder)
    {
        // The sequence as the key: a second sealer that lost its lease mid-batch fails instead of forking the chain.
        builder.HasKey(s => s.Sequence);
        builder.Property(s => s.Sequence).ValueGeneratedNever();
        // Unique: no entry is sealed twice.
        builder.HasIndex(s => s.EntryId).IsUnique();
        builder.Property(s => s.PreviousHash).HasMaxLength(64);
        builder.Property(s => s.Hash).HasMaxLength(64);
    }

    public void Configure(EntityTypeBuilder<AuditSealLease> builder)
    {
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.LastHash).HasMaxLength(64);
        builder.HasData(new AuditSealLease { Id = AuditSealLease.TheLease });
    }
}
