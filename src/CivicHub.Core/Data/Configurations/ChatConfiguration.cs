using CivicHub.Core.Cases;
using CivicHub.Core.Catalog;
using CivicHub.Core.Chat;
using CivicHub.Core.Citizens;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CivicHub.Core.Data.Configurations;

internal sealed class ChatConfiguration : IEntityTypeConfiguration<ChatSession>, IEntityTypeConfiguration<ChatConversation>
{
    public void Configure(EntityTypeBuilder<ChatSession> builder)
    {
        builder.HasIndex(s => s.TokenHash).IsUnique();
        builder.Property(s => s.TokenHash).HasMaxLength(64);
        builder.Property(s => s.Language).HasMaxLength(35);
        builder.Ignore(s => s.IdentityValue);
        builder.HasOne<Citizen>().WithMany().HasForeignKey(s => s.CitizenId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Department>().WithMany().HasForeignKey(s => s.DepartmentId).OnDelete(DeleteBehavior.SetNull);
    }

    public void Configure(EntityTypeBuilder<ChatConversation> builder)
    {
        // A session has at most one conversation that is not closed: two tabs writing at once must not open two.
        builder.HasIndex(c => c.SessionId).IsUnique().HasFilter("\"Status\" <> 'Closed'").HasDatabaseName("IX_ChatConversations_Open");
        builder.HasIndex(c => new { c.SessionId, c.StartedAt });
        // The desk's waiting list: by status and department, oldest first.
        builder.HasIndex(c => new { c.Status, c.DepartmentId, c.LastMessageAt });
        builder.Property(c => c.AgentName).HasMaxLength(200);
        builder.Property(c => c.Preview).HasMaxLength(200);
        builder.HasOne<ChatSession>().WithMany().HasForeignKey(c => c.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Citizen>().WithMany().HasForeignKey(c => c.CitizenId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Case>().WithMany().HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Department>().WithMany().HasForeignKey(c => c.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }
}
