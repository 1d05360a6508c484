using CivicHub.Core.Interactions;

namespace CivicHub.Core.Open311;

/// <summary>
/// A key an integration (the county's 311 app) sends as Open311 api_key to submit requests. Only its SHA-256 hash is
/// stored, so a leaked database does not leak working keys.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }

    /// <summary>Who the key is for, such as "311 app (iOS and Android)".</summary>
    public required string Name { get; set; }

    /// <summary>Lower-case hex SHA-256 of the key.</summary>
    public required string KeyHash { get; set; }

    /// <summary>The channel that requests sent with this key arrive on.</summary>
    public Channel Channel { get; set; } = Channel.Mobile;

    /// <summary>"staff:{id}" of the administrator who created it, or "system" for the demo key.</summary>
    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }
}
