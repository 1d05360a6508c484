using CivicHub.Core.Catalog;
using CivicHub.Core.Citizens;
using CivicHub.Core.Drafts;
using CivicHub.Core.Events;
using CivicHub.Core.Idempotency;
using CivicHub.Core.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CivicHub.Core.Data.Configurations;

internal sealed class OtherConfiguration :
    IEntityTypeConfiguration<Draft>,
    IEntityTypeConfiguration<StaffMember>,
    IEntityTypeConfiguration<StaffDepartment>,
    IEntityTypeConfiguration<DomainEvent>,
    IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<Draft> builder)
    {
        builder.HasIndex(d => new { d.CitizenId, d.Status });
        builder.Property(d => d.LastEditedBy).HasMaxLength(100);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.Property(d => d.Answers).HasMaxLength(200_000);
        builder.HasOne<Citizen>().WithMany().HasForeignKey(d => d.CitizenId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Service>().WithMany().HasForeignKey(d => d.ServiceId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<StaffMember> builder)
    {
        builder.HasIndex(s => s.UserName).IsUnique();
        builder.Property(s => s.UserName).HasMaxLength(100);
        builder.Property(s => s.DisplayName).HasMaxLength(200);
        builder.Property(s => s.Email).HasMaxLength(320);
        builder.Property(s => s.TotpSecret).HasMaxLength(1000);
        builder.Property(s => s.RecoveryCodeHashes).HasMaxLength(1000);
        builder.HasMany(s => s.Departments).WithOne().HasForeignKey(d => d.StaffId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<StaffDepartment> builder)
    {
        builder.HasKey(d => new { d.StaffId, d.DepartmentId });
        builder.HasOne<Department>().WithMany().HasForeignKey(d => d.DepartmentId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<DomainEvent> builder)
    {
        builder.HasIndex(e => e.CaseId);
        builder.HasIndex(e => e.Id, "IX_Events_AwaitingNotification").HasFilter("\"NotifiedAt\" IS NULL");
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.CaseReference).HasMaxLength(9);
    }

    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.HasIndex(r => new { r.Caller, r.Key }).IsUnique();
        builder.HasIndex(r => r.CreatedAt);
        builder.Property(r => r.Caller).HasMaxLength(200);
        builder.Property(r => r.Key).HasMaxLength(200);
        builder.Property(r => r.RequestFingerprint).HasMaxLength(600);
        builder.Property(r => r.Location).HasMaxLength(500);
    }
}
