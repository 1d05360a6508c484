using CivicHub.Core.Intake;

namespace CivicHub.Channels.Email;

/// <summary>An email as intake sees it: what kind it is, the contact it makes, and for a bounce, which message of ours failed.</summary>
public sealed record EmailReading(EmailKind Kind, InboundContact Contact)
{
    /// <summary>The Message-ID of our message a bounce reports on, without angle brackets.</summary>
    public string? BouncedMessageId { get; init; }

    /// <summary>Whether a bounce reports a final failure (a "delayed" report does not).</summary>
    public bool DeliveryFailed { get; init; }

    /// <summary>The report's diagnostic ("5.1.1 smtp; 550 no such user"), for the failed message's last error.</summary>
    public string? Diagnostic { get; init; }
}
