using CivicHub.Core.Catalog;
using CivicHub.Core.Intake;
using CivicHub.Core.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CivicHub.Core.Data.Configurations;

internal sealed class CatalogConfiguration :
    IEntityTypeConfiguration<Department>,
    IEntityTypeConfiguration<Service>,
    IEntityTypeConfiguration<Queue>,
    IEntityTypeConfiguration<ChannelEndpoint>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.HasIndex(d => d.Code).IsUnique();
        builder.Property(d => d.Code).HasMaxLength(32);
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.Email).HasMaxLength(320);
        builder.Property(d => d.Phone).HasMaxLength(32);
        builder.OwnsMany(d => d.Translations, t => t.ToJson());
    }

    public void Configure(EntityTypeBuilder<Service> builder)
    {
        builder.HasIndex(s => s.Code).IsUnique();
        builder.HasIndex(s => s.DepartmentId);
        builder.Property(s => s.Code).HasMaxLength(64);
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.Topic).HasMaxLength(100);
        builder.HasOne(s => s.Department).WithMany().HasForeignKey(s => s.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.OwnsMany(s => s.Fields, f =>
        {
            f.ToJson();
            f.OwnsMany(field => field.Translations);
        });
        builder.OwnsMany(s => s.Translations, t => t.ToJson());
    }

    public void Configure(EntityTypeBuilder<Queue> builder)
    {
        builder.HasIndex(q => q.DepartmentId);
        builder.Property(q => q.Name).HasMaxLength(200);
        builder.HasOne<Department>().WithMany().HasForeignKey(q => q.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ChannelEndpoint> builder)
    {
        builder.HasIndex(e => new { e.Channel, e.Address }).IsUnique();
        builder.Property(e => e.Address).HasMaxLength(320);
        builder.Property(e => e.Name).HasMaxLength(200);
        builder.HasOne<Department>().WithMany().HasForeignKey(e => e.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }
}
