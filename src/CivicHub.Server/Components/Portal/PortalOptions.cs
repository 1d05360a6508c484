using System.ComponentModel.DataAnnotations;

namespace CivicHub.Server.Components.Portal;

/// <summary>Settings of the citizen portal (section "Portal").</summary>
public sealed class PortalOptions
{
    /// <summary>How many tracking look-ups one IP address may make per window.</summary>
    [Range(1, 10_000)]
    public int TrackPermits { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TrackWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many "Download my data" files one IP address may get per window.</summary>
    [Range(1, 10_000)]
    public int DownloadPermits { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DownloadWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How many "forgot password" and "send the link again" requests one IP address may make per window. Each account
    /// also gets at most one such email a minute, whoever asks.
    /// </summary>
    [Range(1, 10_000)]
    public int AccountEmailPermits { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AccountEmailWindow { get; set; } = TimeSpan.FromMinutes(15);
}
