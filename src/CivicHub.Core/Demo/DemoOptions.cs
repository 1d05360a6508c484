using System.ComponentModel.DataAnnotations;

namespace CivicHub.Core.Demo;

/// <summary>The demo jurisdiction: seeded on first start on an empty database when enabled.</summary>
public sealed class DemoOptions
{
    public bool Enabled { get; set; }

    /// <summary>How many citizens the demo invents (each with cases and interactions on several channels).</summary>
    [Range(0, 100_000)]
    public int Citizens { get; set; } = 200;

    /// <summary>The demo staff's password; generated and printed at start when empty.</summary>
    public string? StaffPassword { get; set; }

    /// <summary>
    /// The seed the demo staff's authenticator secrets are derived from (DemoStaff.TotpSecret), so a script or a test
    /// can compute their codes; generated at start when empty, and then the start page shows the current codes.
    /// </summary>
    public string? StaffTotpSeed { get; set; }

    /// <summary>The secret of the demo integration client "demo-integrator"; generated and printed at start when empty.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The Open311 api_key of the demo's 311 app; generated and printed at start when empty.</summary>
    public string? Open311ApiKey { get; set; }
}
