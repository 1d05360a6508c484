namespace CivicHub.Core.Access;

/// <summary>
/// How often a host asks the database again whether the holder of a token still stands: a member of staff in the
/// token's role (<see cref="Staff.StaffStanding"/>), a citizen's sign-in not ended (<see cref="Accounts.CitizenSignInStanding"/>).
/// </summary>
public sealed class StandingOptions
{
    /// <summary>The host's setting is Auth:StaffRecheckInterval.</summary>
    public TimeSpan StaffRecheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The host's setting is Auth:CitizenRecheckInterval.</summary>
    public TimeSpan CitizenRecheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}
