using CivicHub.Core.Data;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>The one row whose conditional update decides which host seals the audit chain right now.</summary>
public sealed class AuditSealLease : IScanMark
{
    public const int TheLease = 1;

    public int Id { get; set; }

    public Guid? Holder { get; set; }

    public DateTime? LeaseUntil { get; set; }

    /// <summary>The last sequence number sealed: a chain cut short at its end still shows against it.</summary>
    public long SealedThrough { get; set; }

    /// <summary>The hash of the entry at <see cref="SealedThrough"/>.</summary>
    public string? LastHash { get; set; }

    /// <summary>Every entry with an id up to this one is sealed: the sealer looks for unsealed entries above it.</summary>
    public long ScannedThrough { get; set; }

    public long? PendingThrough { get; set; }

    public string? PendingWriters { get; set; }
}
