namespace CivicHub.Core.Privacy.Retention;

/// <summary>What one retention run removed (or, in a dry run, would remove), by kind of record.</summary>
public sealed record RetentionReport(bool DryRun, int ClosedCases, int Interactions, int OutboundMessageBodies, int Drafts, int WebhookDeliveries)
{
    public int ProvisionalCitizens { get; init; }

    public int ChatConversations { get; init; }

    public int ChatSessions { get; init; }

    public int Events { get; init; }
}
