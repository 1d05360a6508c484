using CivicHub.Core.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CivicHub.Core.Data.Configurations;

internal sealed class MailboxCursorConfiguration : IEntityTypeConfiguration<MailboxCursor>
{
    public void Configure(EntityTypeBuilder<MailboxCursor> builder)
    {
        builder.HasKey(c => c.Mailbox);
        builder.Property(c => c.Mailbox).HasMaxLength(400);
    }
}
