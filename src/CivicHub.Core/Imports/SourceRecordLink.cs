namespace CivicHub.Core.Imports;

/// <summary>
/// Which citizen a department's record belongs to, and why: the score and per-field evidence, who decided and when.
/// The record itself is kept as a citizen of its own (merged into the person when linked), so a link can be undone.
/// </summary>
public sealed class SourceRecordLink
{
    public Guid Id { get; set; }

    public Guid? ImportId { get; set; }

    /// <summary>The line of the file the record came from.</summary>
    public int Line { get; set; }

    public required string Source { get; set; }

    /// <summary>The source's own id for the record, when the file has one: a re-import skips records already linked.</summary>
    public string? SourceRecordId { get; set; }

    /// <summary>The person the record belongs to now.</summary>
    public Guid CitizenId { get; set; }

    /// <summary>The citizen made from the record itself.</summary>
    public Guid RecordCitizenId { get; set; }

    /// <summary>The merge of the record's citizen into the person, for an automatic link.</summary>
    public Guid? MergeId { get; set; }

    public double Score { get; set; }

    /// <summary>Per-field agreement and weight (or the exact identity) against the best candidate, as JSON.</summary>
    public string? Evidence { get; set; }

    public LinkDecision Decision { get; set; }

    public required string DecidedBy { get; set; }

    public DateTime DecidedAt { get; set; }
}
