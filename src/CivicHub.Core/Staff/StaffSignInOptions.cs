using System.ComponentModel.DataAnnotations;

namespace CivicHub.Core.Staff;

/// <summary>How staff sign in (Auth:Staff): the second factor and the lockout after repeated failures.</summary>
public sealed class StaffSignInOptions
{
    /// <summary>Ask every member of staff for a one-time code from an authenticator app after the password.</summary>
    public bool RequireMfa { get; set; } = true;

    /// <summary>Failed password or code attempts within LockoutWindow that lock the account.</summary>
    [Range(1, 100)]
    public int LockoutThreshold { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a locked account refuses every sign-in (an administrator can unlock it sooner).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The issuer name authenticator apps show next to the code.</summary>
    [Required]
    public string Issuer { get; set; } = "CivicHub";
}
