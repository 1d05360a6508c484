namespace CivicHub.Core.Intake;

/// <summary>Where an inbound contact landed: whose timeline, which case, and how it was decided.</summary>
public sealed record IntakeOutcome(
    Guid CitizenId,
    bool CitizenWasKnown,
    string CaseReference,
    long InteractionId,
    Threading Threading,
    bool Duplicate);
