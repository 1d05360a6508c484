using System.ComponentModel.DataAnnotations;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>How the audit log is sealed into its hash chain ("Audit" section).</summary>
public sealed class AuditOptions
{
    /// <summary>Whether this host runs the sealer; any number may, one seals at a time.</summary>
    public bool SealerEnabled { get; set; } = true;

    /// <summary>How often the sealer looks for unsealed entries when it finds none.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Entries sealed per transaction.</summary>
    [Range(1, 10_000)]
    public int SealBatchSize { get; set; } = 500;

    /// <summary>How long a host holds the sealing lease; another takes over after a crash once it ends.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SealLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this many entries in one page of GET /api/v1/audit.</summary>
    [Range(1, 1_000)]
    public int MaxPageSize { get; set; } = 200;
}
