using CivicHub.Core.Catalog;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;

namespace CivicHub.Core.Cases;

/// <summary>Everything needed to open a case with its first interaction, whichever channel it came from.</summary>
public sealed record CaseOpening(
    Guid CitizenId,
    Service? Service,
    ChannelEndpoint? Endpoint,
    Channel Channel,
    string Body,
    DateTime OccurredAt)
{
    public string? Title { get; init; }

    public string? Subject { get; init; }

    public string? Answers { get; init; }

    public CasePriority Priority { get; init; } = CasePriority.Normal;

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public string? LocationAddress { get; init; }

    public string? LocationAddressId { get; init; }

    public string? MediaUrl { get; init; }

    public Guid? ChannelIdentityId { get; init; }

    public string? ExternalId { get; init; }

    public Direction Direction { get; init; } = Direction.Inbound;
}
