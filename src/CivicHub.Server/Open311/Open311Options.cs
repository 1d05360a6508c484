using System.ComponentModel.DataAnnotations;

namespace CivicHub.Server.Open311;

/// <summary>How CivicHub presents itself to Open311 clients (settings under "Open311").</summary>
public sealed class Open311Options
{
    /// <summary>The jurisdiction_id clients may send, such as "civichub.example"; any other is refused.</summary>
    [Required]
    [MaxLength(200)]
    public string JurisdictionId { get; set; } = "";

    /// <summary>Who integrators contact for help, shown in discovery.</summary>
    public string Contact { get; set; } = "Ask the city's integration team for help.";

    /// <summary>How integrators get an api_key, shown in discovery.</summary>
    public string KeyService { get; set; } = "API keys are issued by the city's CivicHub administrators.";

    /// <summary>When this Open311 interface last changed, shown in discovery as changeset.</summary>
    public DateTimeOffset Changeset { get; set; } = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
}
