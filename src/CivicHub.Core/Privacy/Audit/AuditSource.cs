using System.Net;
using CivicHub.Core.Access;
using CivicHub.Core.Text;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>Who acts, for what purpose and from where: what every audit entry of one request or action carries.</summary>
public sealed record AuditSource(Actor Actor, IReadOnlyList<string> Departments, string Purpose, string? RemoteAddress, string? UserAgent)
{
    public const int MaxPurposeLength = 200;
    public const int MaxUserAgentLength = 120;

    /// <summary>Background work: the platform itself, for its own upkeep.</summary>
    public static AuditSource System { get; } = new(Actor.System, [], "system processing", null, null);

    /// <summary>The purpose when the caller states none: the work of the actor's own department.</summary>
    public static string DefaultPurpose(Actor actor, IReadOnlyList<string> departments)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(departments);
        return actor.Kind switch
        {
            ActorKind.Integration => $"integration {actor.Id}",
            ActorKind.Citizen => "self service",
            ActorKind.System => "system processing",
            _ => departments.Count == 0 ? "case work" : $"case work in {departments[0]}",
        };
    }

    /// <summary>A stated purpose trimmed to what the log keeps, or null when blank.</summary>
    public static string? CleanPurpose(string? purpose)
    {
        var trimmed = purpose?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : TextClip.Clip(trimmed, MaxPurposeLength);
    }

    /// <summary>The start of a user agent: enough to tell a browser from a script, not a fingerprint.</summary>
    public static string? ShortUserAgent(string? userAgent)
    {
        var trimmed = userAgent?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : TextClip.Clip(trimmed, MaxUserAgentLength);
    }

    public static string? Address(IPAddress? address) =>
        address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
