namespace CivicHub.Core.Data;

/// <summary>
/// How far a background worker has come through a table whose new rows it handles in id order, once each,
/// without writing to the rows: every row with an id up to <see cref="ScannedThrough"/> has been handled.
/// </summary>
public interface IScanMark
{
    long ScannedThrough { get; set; }

    /// <summary>
    /// On PostgreSQL, where ids are handed out before commit: the highest id seen so far, which the mark may pass once
    /// <see cref="PendingWriters"/> have all ended.
    /// </summary>
    long? PendingThrough { get; set; }

    /// <summary>The transactions (virtual ids, comma-separated) that were writing to the table when <see cref="PendingThrough"/> was seen.</summary>
    string? PendingWriters { get; set; }
}
