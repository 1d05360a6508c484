namespace CivicHub.Server.Auth;

/// <summary>The claims and policy names CivicHub puts in its tokens and checks on its endpoints.</summary>
public static class CivicClaims
{
    /// <summary>"staff", "integration" or "citizen".</summary>
    public const string Kind = "civichub_kind";

    /// <summary>The department code an integration client acts for, from its registration's setting.</summary>
    public const string Department = "civichub_department";

    public const string Staff = "staff";
    public const string Integration = "integration";

    /// <summary>A citizen signed in through the authorization endpoint; the subject is the citizen's id.</summary>
    public const string Citizen = "citizen";

    /// <summary>
    /// The portal account a citizen signed in with (in every token of theirs), and its session stamp at the time (kept
    /// only in authorization codes and refresh tokens, which only the server reads). A password reset, or signing out
    /// everywhere, replaces the stamp, which ends the refresh tokens issued before it, and the access tokens by
    /// <see cref="SessionDigest"/>.
    /// </summary>
    public const string Account = Core.Accounts.CitizenSignInStanding.AccountClaim;

    /// <summary>See <see cref="Account"/>.</summary>
    public const string Session = "civichub_session";

    /// <summary>
    /// A digest of the session stamp, in a citizen's access tokens, which the applications holding them can read
    /// (<see cref="Core.Accounts.CitizenSignInStanding.DigestOf"/>).
    /// </summary>
    public const string SessionDigest = Core.Accounts.CitizenSignInStanding.SessionDigestClaim;

    /// <summary>Policy: any signed-in member of staff.</summary>
    public const string StaffPolicy = "staff";

    /// <summary>Policy: staff, or an integration client acting for a department system.</summary>
    public const string StaffOrIntegrationPolicy = "staff-or-integration";

    /// <summary>Policy: an integration client, or an administrator acting for one.</summary>
    public const string IntegrationOrAdministratorPolicy = "integration-or-administrator";

    /// <summary>Policy: an administrator's token.</summary>
    public const string AdministratorPolicy = "administrator";
    /// <summary>Policy: a supervisor or an administrator, such as for reading the audit log.</summary>
    public const string SupervisorPolicy = "supervisor-or-administrator";

    public const string ApiScope = "api";

    /// <summary>The public client the staff desk and tools sign in with (password and refresh-token grants).</summary>
    public const string DeskClientId = "civichub-desk";

    /// <summary>The first-party clients citizens sign in to with the authorization code flow and PKCE.</summary>
    public const string PortalClientId = "civichub-portal";

    public const string MobileClientId = "civichub-mobile";

    public const string ChatWidgetClientId = "civichub-chat-widget";

    /// <summary>The application property naming the department that owns a relying party.</summary>
    public const string DepartmentProperty = "civichub_department";

    /// <summary>The demo's department relying party (explicit consent).</summary>
    public const string DemoTaxFilingClientId = "demo-tax-filing";

    public const string DemoIntegratorClientId = "demo-integrator";
}
