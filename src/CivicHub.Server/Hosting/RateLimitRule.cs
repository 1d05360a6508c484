using System.ComponentModel.DataAnnotations;

namespace CivicHub.Server.Hosting;

/// <summary>How many requests of one kind one caller may make in a fixed window.</summary>
public sealed class RateLimitRule
{
    [Range(1, 1_000_000)]
    public int Permits { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
