using System.ComponentModel.DataAnnotations;

namespace CivicHub.Core.Staff.Passkeys;

/// <summary>
/// Staff passkeys (Auth:Staff:Passkeys): the relying party id (the domain passkeys are bound to) and the exact
/// origins the desk is served from. Outside Development both are required; in Development, left out, the request's
/// own host is used so the demo works on localhost on any port.
/// </summary>
public sealed class StaffPasskeyOptions
{
    /// <summary>The registrable domain the passkeys belong to (civichub.example.gov), without scheme or port.</summary>
    public string? RelyingPartyId { get; set; }

    /// <summary>The name an authenticator shows when a passkey is made.</summary>
    [Required]
    [StringLength(100)]
    public string RelyingPartyName { get; set; } = "CivicHub";

    /// <summary>The origins (scheme, host and port) the desk is reached at; an answer from any other is refused.</summary>
    public List<string> Origins { get; set; } = [];

    /// <summary>How long a registration or sign-in may sit between its two steps.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "00:30:00")]
    public TimeSpan CeremonyLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The first thing wrong with the settings, or null; outside Development the relying party must be named.</summary>
    public string? FirstProblem(bool development)
    {
        if (string.IsNullOrWhiteSpace(RelyingPartyId))
        {
            if (!development)
            {
                return "Auth:Staff:Passkeys:RelyingPartyId is required (the domain the desk is served from).";
            }

            return Origins.Count == 0 ? null : "Auth:Staff:Passkeys:Origins needs RelyingPartyId as well.";
        }

        var id = RelyingPartyId;
        if (Uri.CheckHostName(id) != UriHostNameType.Dns || !string.Equals(id, id.ToLowerInvariant(), StringComparison.Ordinal))
        {
            return "Auth:Staff:Passkeys:RelyingPartyId must be a lower-case domain name without scheme or port (WebAuthn refuses IP addresses).";
        }

        if (Origins.Count == 0)
        {
            return "Auth:Staff:Passkeys:Origins needs at least one origin (https://desk.example.gov).";
        }

        foreach (var origin in Origins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                || uri.AbsolutePath != "/" || origin.EndsWith('/') || !string.IsNullOrEmpty(uri.Query)
                || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
                || !(uri.Host == id || uri.Host.EndsWith("." + id, StringComparison.Ordinal)))
            {
                return $"Auth:Staff:Passkeys:Origins: '{origin}' must be an https origin (scheme, host, port; no path) on {id} or a subdomain of it.";
            }
        }

        return null;
    }

    /// <summary>The relying party for a request to the given origin: the configured one, else (Development) the request's own.</summary>
    public PasskeyRelyingParty RelyingPartyFor(string requestScheme, string requestHost)
    {
        if (!string.IsNullOrWhiteSpace(RelyingPartyId))
        {
            return new(RelyingPartyId, RelyingPartyName, Origins.ToHashSet(StringComparer.Ordinal));
        }

        var origin = new UriBuilder(requestScheme, requestHost.Split(':')[0]) { Port = PortOf(requestHost) }.Uri;
        return new(origin.Host, RelyingPartyName, new HashSet<string>(StringComparer.Ordinal) { origin.GetLeftPart(UriPartial.Authority) });
    }

    private static int PortOf(string host) =>
        host.LastIndexOf(':') is var colon and > 0 && int.TryParse(host[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port) ? port : -1;
}
