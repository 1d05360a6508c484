namespace CivicHub.Core.Privacy.Retention;

/// <summary>What one retention run removed (or, in a dry run, would remove), by kind of record.</summary>
public sealed record RetentionReport(bool DryRun, int ClosedCases, int Interactions, int OutboundMessageBodies, int Drafts, int WebhookDeliveries)
{
    public int ProvisionalCitizens { get; init; }

    public int ChatConversations { get; init; }

    public int ChatSessions { get; init; }

    /// <summary>The device identities ("chat:{session}") that went with their sessions.</summary>
    public int ChatIdentities { get; init; }

    public int Events { get; init; }
}
