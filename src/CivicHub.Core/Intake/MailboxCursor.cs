namespace CivicHub.Core.Intake;

/// <summary>
/// How far the poller of one mailbox has read: IMAP's UIDVALIDITY and the highest UID whose message intake has
/// committed. Kept in the database so that a restart, or another host, carries on where the last poll stopped.
/// </summary>
public sealed class MailboxCursor
{
    /// <summary>The mailbox: its address and folder ("tax@city.gov/INBOX"), lower case.</summary>
    public required string Mailbox { get; set; }

    public long UidValidity { get; set; }

    public long LastUid { get; set; }

    public DateTime UpdatedAt { get; set; }
}
