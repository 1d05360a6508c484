namespace CivicHub.Core.Privacy.Audit;

/// <summary>Which audit entries to list or export; every part is optional.</summary>
public sealed record AuditFilter(
    Guid? CitizenId = null,
    string? ActorId = null,
    string? Department = null,
    AuditAction? Action = null,
    DateTime? From = null,
    DateTime? To = null)
{
    public override string ToString() =>
        string.Join(' ', new[]
        {
            CitizenId is null ? null : $"citizen={CitizenId:D}",
            ActorId is null ? null : $"actor={ActorId}",
            Department is null ? null : $"department={Department}",
            Action is null ? null : $"action={Action.ToString()!.ToLowerInvariant()}",
            From is null ? null : $"from={From:O}",
            To is null ? null : $"to={To:O}",
        }.Where(p => p is not null));
}
