using CivicHub.Core.Cases;
using CivicHub.Core.Catalog;
using CivicHub.Core.Citizens;
using CivicHub.Core.Routing;
using CivicHub.Core.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CivicHub.Core.Data.Configurations;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>, IEntityTypeConfiguration<CaseChange>
{
    public void Configure(EntityTypeBuilder<Case> builder)
    {
        builder.HasIndex(c => c.Reference).IsUnique();
        builder.HasIndex(c => new { c.CitizenId, c.Status });
        builder.HasIndex(c => new { c.QueueId, c.Status, c.SlaDueAt });
        // A staff member's cases (the inbox's "Me"): a new case has no assignee and adds no entry. The inbox's "Nobody
        // yet" narrows the open cases its other filters read, as a filter on a column, without this index.
        builder.HasIndex(c => new { c.AssigneeId, c.Status }).HasFilter("\"AssigneeId\" IS NOT NULL");
        builder.HasIndex(c => c.CreatedAt);
        // Open311 lists a service's requests by date (GET requests?service_code=...&start_date=...).
        builder.HasIndex(c => new { c.ServiceId, c.CreatedAt });
        builder.Property(c => c.Reference).HasMaxLength(9);
        builder.Property(c => c.Title).HasMaxLength(200);
        builder.Property(c => c.Description).HasMaxLength(10_000);
        builder.Property(c => c.LocationAddress).HasMaxLength(500);
        builder.Property(c => c.LocationAddressId).HasMaxLength(100);
        builder.Property(c => c.MediaUrl).HasMaxLength(2_000);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne<Citizen>().WithMany().HasForeignKey(c => c.CitizenId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.DepartmentId);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(c => c.AssigneeId).OnDelete(DeleteBehavior.Restrict);
    }

    /// <summary>
    /// The case's service, department and queue as foreign keys into the catalog, on SQLite only. On PostgreSQL each
    /// key's check locked the same few catalog rows for every case written, about a tenth of a case's statement time
    /// for keys that guard nothing the product does: catalog rows are retired, never deleted, and a case's ids are
    /// the catalog's, checked against it when the case is opened or moved (decision 0023).
    /// </summary>
    public static void CatalogKeys(EntityTypeBuilder<Case> builder)
    {
        builder.HasOne<Service>().WithMany().HasForeignKey(c => c.ServiceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Department>().WithMany().HasForeignKey(c => c.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Queue>().WithMany().HasForeignKey(c => c.QueueId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<CaseChange> builder)
    {
        builder.HasIndex(c => new { c.CaseId, c.At });
        builder.Property(c => c.From).HasMaxLength(100);
        builder.Property(c => c.To).HasMaxLength(100);
        builder.Property(c => c.Text).HasMaxLength(10_000);
        builder.Property(c => c.Actor).HasMaxLength(100);
        builder.Property(c => c.ActorName).HasMaxLength(200);
        builder.HasOne<Case>().WithMany().HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
