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
}
