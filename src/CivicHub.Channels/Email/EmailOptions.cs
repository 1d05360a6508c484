namespace CivicHub.Channels.Email;

/// <summary>The email channel's settings (Channels:Email): the department mailboxes to poll and the SMTP server to send through.</summary>
public sealed class EmailOptions
{
    public List<MailboxOptions> Mailboxes { get; set; } = [];

    public SmtpOptions Smtp { get; set; } = new();
}
