namespace CivicHub.Core.Attachments;

/// <summary>Why a file a citizen uploads is refused.</summary>
public enum AttachmentRefusalReason
{
    /// <summary>No bytes at all (often a file chosen and then deleted, or a broken phone upload).</summary>
    Empty,

    /// <summary>Larger than AttachmentOptions.MaxBytes.</summary>
    TooLarge,

    /// <summary>Its content is not one of AttachmentKinds, whatever its name says.</summary>
    NotAccepted,

    /// <summary>More files than AttachmentOptions.MaxCount in one submission; named by the first file over.</summary>
    TooMany,
}
