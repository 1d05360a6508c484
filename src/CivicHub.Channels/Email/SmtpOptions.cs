using MailKit.Security;

namespace CivicHub.Channels.Email;

/// <summary>The SMTP server outbound email goes through (Channels:Email:Smtp).</summary>
public sealed class SmtpOptions
{
    /// <summary>Without a host, Development logs messages instead of sending them, and other environments refuse them.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender when a message does not come from a department's mailbox.</summary>
    public string FromAddress { get; set; } = "";

    public string? FromName { get; set; }

    /// <summary>The right-hand side of the Message-IDs we make; the FromAddress's domain when not set.</summary>
    public string? MessageIdDomain { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
