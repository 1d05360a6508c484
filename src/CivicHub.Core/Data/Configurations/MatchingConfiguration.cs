using CivicHub.Core.Citizens;
using CivicHub.Core.Citizens.Matching;
using CivicHub.Core.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CivicHub.Core.Data.Configurations;

internal sealed class MatchingConfiguration :
    IEntityTypeConfiguration<CitizenMatchProfile>,
    IEntityTypeConfiguration<CitizenMatchKey>,
    IEntityTypeConfiguration<MatchReview>,
    IEntityTypeConfiguration<MatchSuggestion>,
    IEntityTypeConfiguration<CitizenImport>,
    IEntityTypeConfiguration<SourceRecordLink>
{
    public void Configure(EntityTypeBuilder<CitizenMatchProfile> builder)
    {
        builder.HasKey(p => p.CitizenId);
        builder.Property(p => p.GivenKey).HasMaxLength(200);
        builder.Property(p => p.FamilyKey).HasMaxLength(200);
        builder.Property(p => p.StreetNumber).HasMaxLength(20);
        builder.Property(p => p.Street).HasMaxLength(200);
        builder.Property(p => p.Locality).HasMaxLength(100);
        builder.Property(p => p.Postcode).HasMaxLength(20);
        builder.Property(p => p.NationalId).HasMaxLength(40);
        builder.HasOne<Citizen>().WithOne().HasForeignKey<CitizenMatchProfile>(p => p.CitizenId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CitizenMatchKey> builder)
    {
        // Key first: finding a block is a prefix seek on the primary key.
        builder.HasKey(k => new { k.Key, k.CitizenId });
        builder.Property(k => k.Key).HasMaxLength(BlockingKeys.MaxLength);
        builder.HasIndex(k => k.CitizenId);
        builder.HasOne<Citizen>().WithMany().HasForeignKey(k => k.CitizenId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<MatchReview> builder)
    {
        builder.HasIndex(r => new { r.Status, r.CreatedAt });
        builder.HasIndex(r => r.ImportId);
        builder.HasIndex(r => r.LinkId).IsUnique();
        builder.Property(r => r.Evidence).HasMaxLength(4_000);
        builder.Property(r => r.Candidates).HasMaxLength(20_000);
        builder.Property(r => r.ResolvedBy).HasMaxLength(100);
        builder.HasOne<Citizen>().WithMany().HasForeignKey(r => r.CitizenId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Citizen>().WithMany().HasForeignKey(r => r.CandidateId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<MatchSuggestion> builder)
    {
        builder.HasIndex(s => s.CitizenId);
        builder.Property(s => s.Evidence).HasMaxLength(4_000);
        builder.HasOne<Citizen>().WithMany().HasForeignKey(s => s.CitizenId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Citizen>().WithMany().HasForeignKey(s => s.CandidateId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CitizenImport> builder)
    {
        builder.Property(i => i.Source).HasMaxLength(100);
        builder.Property(i => i.Map).HasMaxLength(10_000);
        builder.Property(i => i.StartedBy).HasMaxLength(100);
        builder.HasIndex(i => i.StartedAt);
    }

    public void Configure(EntityTypeBuilder<SourceRecordLink> builder)
    {
        builder.HasIndex(l => new { l.Source, l.SourceRecordId }).IsUnique();
        builder.HasIndex(l => l.CitizenId);
        builder.HasIndex(l => l.RecordCitizenId);
        builder.HasIndex(l => new { l.ImportId, l.Line });
        builder.Property(l => l.Source).HasMaxLength(100);
        builder.Property(l => l.SourceRecordId).HasMaxLength(200);
        builder.Property(l => l.Evidence).HasMaxLength(4_000);
        builder.Property(l => l.DecidedBy).HasMaxLength(100);
        builder.HasOne<CitizenImport>().WithMany().HasForeignKey(l => l.ImportId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Citizen>().WithMany().HasForeignKey(l => l.RecordCitizenId).OnDelete(DeleteBehavior.Restrict);
    }
}
