using CivicHub.Core.Interactions;

namespace CivicHub.Core.Attachments;

/// <summary>
/// A file a citizen sent (an email attachment, later a portal upload), kept in the database beside the interaction it
/// came with so that a backup of the database is a backup of everything the citizen gave us.
/// </summary>
public sealed class Attachment
{
    public Guid Id { get; set; }

    public long InteractionId { get; set; }

    /// <summary>The interaction it came with, so that one save stores both.</summary>
    public Interaction? Interaction { get; set; }

    public Guid CitizenId { get; set; }

    public Guid? CaseId { get; set; }

    /// <summary>The sender's file name, made safe to show and to offer for download.</summary>
    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long Length { get; set; }

    /// <summary>The SHA-256 of the bytes in lower-case hex: proves what was received, and finds the same file sent twice.</summary>
    public required string Sha256 { get; set; }

    public required byte[] Content { get; set; }

    public DateTime CreatedAt { get; set; }
}
