namespace CivicHub.Core.Imports;

/// <summary>How a source record came to belong to its citizen.</summary>
public enum LinkDecision
{
    /// <summary>No one matched: the record became a new citizen.</summary>
    New,

    /// <summary>Matched above the link threshold (or on an exact identity) and linked automatically.</summary>
    Auto,

    /// <summary>In the review band: a citizen of its own until staff decide.</summary>
    Pending,

    /// <summary>Linked by a member of staff after review.</summary>
    Reviewed,

    /// <summary>Staff decided it is someone else.</summary>
    Separated,

    /// <summary>A link that was undone: the record is a citizen of its own again.</summary>
    Undone,
}
