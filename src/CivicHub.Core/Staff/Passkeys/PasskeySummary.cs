namespace CivicHub.Core.Staff.Passkeys;

/// <summary>A passkey as its owner sees it in their list.</summary>
public sealed record PasskeySummary(Guid Id, string Name, DateTime CreatedAt, DateTime? LastUsedAt);
