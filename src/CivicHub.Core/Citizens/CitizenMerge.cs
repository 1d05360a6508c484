namespace CivicHub.Core.Citizens;

/// <summary>
/// The record of one citizen merged into another: what moved, so the merge can be undone and nothing is lost.
/// </summary>
public sealed class CitizenMerge
{
    public Guid Id { get; set; }

    /// <summary>The record that was merged away (kept, marked MergedIntoId).</summary>
    public Guid SourceId { get; set; }

    /// <summary>The record that remains.</summary>
    public Guid TargetId { get; set; }

    /// <summary>Ids of the identities, cases, drafts and interactions that moved, as JSON.</summary>
    public required string Moved { get; set; }

    public required string Actor { get; set; }

    public string? Reason { get; set; }

    public DateTime MergedAt { get; set; }

    public DateTime? UndoneAt { get; set; }

    public string? UndoneBy { get; set; }
}
