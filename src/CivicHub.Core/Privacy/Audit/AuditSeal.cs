namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// An audit entry's place in the hash chain, written once by <see cref="AuditSealer"/> and never changed: the next
/// sequence number, the previous entry's hash and the entry's own. Kept apart from the entry so that sealing adds a
/// narrow row instead of rewriting the entry and every one of its index entries.
/// </summary>
public sealed class AuditSeal
{
    /// <summary>Position in the chain, from 1.</summary>
    public long Sequence { get; set; }

    /// <summary>
    /// The <see cref="AuditEntry.Id"/> sealed. No foreign key: checking one would lock the entry's row, which writes to
    /// it, and sealing is meant to leave the entry alone; the chain's verification finds a seal whose entry is gone.
    /// </summary>
    public long EntryId { get; set; }

    /// <summary>Hex SHA-256 of the entry before in the chain (64 zeros for the first).</summary>
    public required string PreviousHash { get; set; }

    /// <summary>Hex SHA-256 over <see cref="AuditHash.Canonical"/> of the entry.</summary>
    public required string Hash { get; set; }
}
