namespace CivicHub.Core.Accounts;

/// <summary>Who signed in: the account, and the citizen record it belongs to now.</summary>
public sealed record SignedInCitizen(Guid AccountId, Guid CitizenId, string PreferredLanguage, bool EmailVerified)
{
    /// <summary>The account's session stamp when this was read; the portal cookie carries it (see CitizenAccount.SessionStamp).</summary>
    public string SessionStamp { get; init; } = string.Empty;

    /// <summary>The time zone the citizen chose (an IANA id), if any: the portal shows times on its clocks.</summary>
    public string? TimeZone { get; init; }
}
