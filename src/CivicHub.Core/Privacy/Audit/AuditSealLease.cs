namespace CivicHub.Core.Privacy.Audit;

/// <summary>The one row whose conditional update decides which host seals the audit chain right now.</summary>
public sealed class AuditSealLease
{
    public const int TheLease = 1;

    public int Id { get; set; }

    public Guid? Holder { get; set; }

    public DateTime? LeaseUntil { get; set; }

    /// <summary>The last sequence number sealed: a chain cut short at its end still shows against it.</summary>
    public long SealedThrough { get; set; }

    /// <summary>The hash of the entry at <see cref="SealedThrough"/>.</summary>
    public string? LastHash { get; set; }
}
