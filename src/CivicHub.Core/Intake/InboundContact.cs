using CivicHub.Core.Citizens;
using CivicHub.Core.Interactions;

namespace CivicHub.Core.Intake;

/// <summary>A message, call or letter from outside, as every channel adapter hands it to the intake pipeline.</summary>
public sealed record InboundContact(
    Channel Channel,
    IdentityKind FromKind,
    string From,
    string Body,
    DateTime ReceivedAt)
{
    /// <summary>The endpoint it was sent to (our SMS number, a department mailbox), which decides the default route.</summary>
    public string? To { get; init; }

    public string? Subject { get; init; }

    /// <summary>The provider's id for the message: a contact delivered twice is recorded once.</summary>
    public string? ExternalId { get; init; }

    /// <summary>The sender's name where the channel tells it (email display name, social profile).</summary>
    public string? SenderGivenName { get; init; }

    public string? SenderFamilyName { get; init; }

    /// <summary>The service asked for, when the channel knows it (an Open311 request, a web form).</summary>
    public string? ServiceCode { get; init; }

    /// <summary>
    /// The contact is a new request in its own right (an Open311 POST), so it opens a case and never threads onto
    /// an open conversation or a quoted case.
    /// </summary>
    public bool NewRequest { get; init; }

    /// <summary>Answers to the service's form, field key to text; when given, they are checked and completed like any form.</summary>
    public IReadOnlyDictionary<string, string>? Answers { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    /// <summary>Where the problem is, as the reporter wrote it.</summary>
    public string? LocationAddress { get; init; }

    /// <summary>The jurisdiction's master-address id of the location.</summary>
    public string? LocationAddressId { get; init; }

    /// <summary>A link to a photo or video of the problem.</summary>
    public string? MediaUrl { get; init; }

    /// <summary>Provider ids of earlier messages this one answers (an email's In-Reply-To and References), newest first.</summary>
    public IReadOnlyList<string>? InReplyTo { get; init; }

    /// <summary>Files that came with the message (email attachments, MMS media).</summary>
    public IReadOnlyList<InboundAttachment>? Attachments { get; init; }
}
