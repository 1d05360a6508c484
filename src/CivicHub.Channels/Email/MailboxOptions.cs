using MailKit.Security;

namespace CivicHub.Channels.Email;

/// <summary>One department mailbox polled over IMAP (Channels:Email:Mailboxes:N).</summary>
public sealed class MailboxOptions
{
    /// <summary>The address citizens write to; intake routes by it (the channel endpoint with this address).</summary>
    public string Address { get; set; } = "";

    /// <summary>The department whose endpoint the address is; when set, the endpoint is created or moved at start.</summary>
    public string? Department { get; set; }

    public string Host { get; set; } = "";

    public int Port { get; set; } = 993;

    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    public string Folder { get; set; } = "INBOX";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one IMAP command may take before the poll gives up and tries again later.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The name under which the poller keeps its place in the database.</summary>
    public string CursorKey => $"{Address.Trim()}/{Folder.Trim()}".ToLowerInvariant();
}
