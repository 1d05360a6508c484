namespace CivicHub.Core.Imports;

/// <summary>One bulk import of a department's list of people: its progress, its tallies and the rows it refused.</summary>
public sealed class CitizenImport
{
    /// <summary>At most this many row errors are kept; the count of failed rows is always complete.</summary>
    public const int MaxErrorsKept = 1_000;

    public Guid Id { get; set; }

    public required string Source { get; set; }

    /// <summary>The column-to-field map as given, as JSON.</summary>
    public required string Map { get; set; }

    public ImportStatus Status { get; set; }

    public int Processed { get; set; }

    public int Linked { get; set; }

    public int Reviews { get; set; }

    public int Created { get; set; }

    /// <summary>Records whose source id was already linked by an earlier import.</summary>
    public int Skipped { get; set; }

    public int Failed { get; set; }

    /// <summary>The first <see cref="MaxErrorsKept"/> row errors as JSON: [{line, reason}].</summary>
    public string Errors { get; set; } = "[]";

    public required string StartedBy { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }
}
