using System.ComponentModel.DataAnnotations;

namespace CivicHub.Server.Hosting;

/// <summary>How the host reaches browsers: directly over TLS, or behind a TLS-terminating proxy that it trusts by address.</summary>
public sealed class TransportOptions
{
    /// <summary>Redirect plain HTTP to HTTPS outside Development. Off when a proxy in front already does it.</summary>
    public bool HttpsRedirection { get; set; } = true;

    /// <summary>Send Strict-Transport-Security outside Development.</summary>
    public bool Hsts { get; set; } = true;

    [Range(typeof(TimeSpan), "00:05:00", "730.00:00:00")]
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// The proxies (IP addresses) whose X-Forwarded-For and X-Forwarded-Proto are believed. Empty: none, the
    /// connection's own address and scheme count, so no client can forge its address or scheme.
    /// </summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>The proxy networks (CIDR, e.g. 10.0.0.0/8) whose forwarded headers are believed.</summary>
    public IList<string> KnownNetworks { get; } = [];
}
