namespace CivicHub.Core.Privacy.Retention;

/// <summary>Which host runs a periodic job until when: one host at a time, taken over when the holder stops renewing.</summary>
public sealed class JobLease
{
    public required string Name { get; set; }

    public string? Holder { get; set; }

    public DateTime LeaseUntil { get; set; }
}
