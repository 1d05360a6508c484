namespace CivicHub.Core.Interactions;

/// <summary>One touchpoint on a citizen's timeline: a message, a call, a visit, a letter.</summary>
public sealed class Interaction
{
    public long Id { get; set; }

    public Guid CitizenId { get; set; }

    public Guid? CaseId { get; set; }

    /// <summary>The application in progress this touchpoint was about; its case inherits it on submission.</summary>
    public Guid? DraftId { get; set; }

    /// <summary>The identity the contact came from or went to, when the channel has one.</summary>
    public Guid? ChannelIdentityId { get; set; }

    public Channel Channel { get; set; }

    public Direction Direction { get; set; }

    /// <summary>When it happened (a call logged afterwards happened before it was recorded).</summary>
    public DateTime OccurredAt { get; set; }

    public DateTime RecordedAt { get; set; }

    public string? Subject { get; set; }

    /// <summary>The message text, or a summary of a call, visit or letter.</summary>
    public required string Body { get; set; }

    /// <summary>Who wrote or logged it: "staff:{id}", "integration:{client}", "citizen", "system".</summary>
    public required string Author { get; set; }

    public string? AuthorName { get; set; }

    /// <summary>The provider's own id for the message (SMS SID, Message-ID), unique per channel so nothing is recorded twice.</summary>
    public string? ExternalId { get; set; }

    /// <summary>A case reference quoted in the message that could not be threaded (it belongs to someone else).</summary>
    public string? QuotedReference { get; set; }
}
