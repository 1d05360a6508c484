using CivicHub.Core.Interactions;

namespace CivicHub.Core.Drafts;

/// <summary>An application in progress, saved on the server so any channel can pick it up where it was left.</summary>
public sealed class Draft
{
    public Guid Id { get; set; }

    public Guid CitizenId { get; set; }

    public int ServiceId { get; set; }

    public DraftStatus Status { get; set; }

    /// <summary>The answers so far, as a JSON object of field key to value.</summary>
    public string Answers { get; set; } = "{}";

    /// <summary>The answers to the form's sensitive fields so far, encrypted at rest; null when there are none.</summary>
    public string? SensitiveAnswers { get; set; }

    public Channel StartedOn { get; set; }

    public Channel LastChannel { get; set; }

    /// <summary>Who saved it last: "citizen", or "staff:{id}" when an agent helped.</summary>
    public required string LastEditedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>The case the draft became when it was submitted.</summary>
    public Guid? CaseId { get; set; }

    public int Version { get; set; }
}
