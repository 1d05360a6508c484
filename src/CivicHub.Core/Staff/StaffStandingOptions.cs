namespace CivicHub.Core.Staff;

/// <summary>How often a host asks the database again whether a member of staff still holds their role.</summary>
public sealed class StaffStandingOptions
{
    /// <summary>The host's setting is Auth:StaffRecheckInterval.</summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}
