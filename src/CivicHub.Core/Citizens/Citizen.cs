using CivicHub.Core.Interactions;

namespace CivicHub.Core.Citizens;

/// <summary>One person, one record, whichever channel they use.</summary>
public sealed class Citizen
{
    public Guid Id { get; set; }

    public string? GivenName { get; set; }

    public string? FamilyName { get; set; }

    /// <summary>Given names lower-cased without accents, for search.</summary>
    public string? GivenKey { get; set; }

    /// <summary>Family name lower-cased without accents, for search.</summary>
    public string? FamilyKey { get; set; }

    public DateOnly? DateOfBirth { get; set; }

    /// <summary>BCP 47 language tag, "en" or "es" for most.</summary>
    public string PreferredLanguage { get; set; } = "en";

    /// <summary>Channels in the order the citizen wants to hear from us.</summary>
    public List<Channel> PreferredChannels { get; set; } = [];

    /// <summary>When the citizen's quiet hours start (local time); SMS waits until they end. Null: the jurisdiction's default.</summary>
    public TimeOnly? QuietHoursStart { get; set; }

    public TimeOnly? QuietHoursEnd { get; set; }

    /// <summary>The IANA time zone the citizen lives in ("America/Chicago"); null: the jurisdiction's.</summary>
    public string? TimeZone { get; set; }

    public List<Address> Addresses { get; set; } = [];

    public Demographics Demographics { get; set; } = new();

    /// <summary>Created by intake from an unknown sender; an agent can complete or merge it.</summary>
    public bool IsProvisional { get; set; }

    /// <summary>Set when this record was merged into another; it is then read-only.</summary>
    public Guid? MergedIntoId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<ChannelIdentity> Identities { get; set; } = [];

    public string DisplayName =>
        string.Join(' ', new[] { GivenName, FamilyName }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } name
            ? name
            : "Unknown contact";

    public void SetNames(string? givenName, string? familyName)
    {
        GivenName = string.IsNullOrWhiteSpace(givenName) ? null : givenName.Trim();
        FamilyName = string.IsNullOrWhiteSpace(familyName) ? null : familyName.Trim();
        GivenKey = GivenName is null ? null : NameKey.Of(GivenName);
        FamilyKey = FamilyName is null ? null : NameKey.Of(FamilyName);
    }
}
