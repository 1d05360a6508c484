namespace CivicHub.Core.Cases;

/// <summary>One entry in a case's history: what changed, from what to what, who did it and when.</summary>
public sealed class CaseChange
{
    public long Id { get; set; }

    public Guid CaseId { get; set; }

    public CaseChangeKind Kind { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }

    /// <summary>The note's text, or the reason given for the change.</summary>
    public string? Text { get; set; }

    /// <summary>A note marked sensitive: its text is kept in <see cref="SensitiveText"/>, encrypted at rest, and Text stays empty.</summary>
    public bool Sensitive { get; set; }

    /// <summary>The text of a sensitive note, encrypted at rest; shown only with the sensitive-fields category.</summary>
    public string? SensitiveText { get; set; }

    /// <summary>"staff:{id}", "integration:{client}", "citizen", "system".</summary>
    public required string Actor { get; set; }

    public string? ActorName { get; set; }

    public DateTime At { get; set; }
}
