namespace CivicHub.Server.Auth;

/// <summary>The claims and policy names CivicHub puts in its tokens and checks on its endpoints.</summary>
public static class CivicClaims
{
    /// <summary>"staff" or "integration".</summary>
    public const string Kind = "civichub_kind";

    public const string Staff = "staff";
    public const string Integration = "integration";

    /// <summary>Policy: any signed-in member of staff.</summary>
    public const string StaffPolicy = "staff";

    /// <summary>Policy: staff, or an integration client acting for a department system.</summary>
    public const string StaffOrIntegrationPolicy = "staff-or-integration";

    /// <summary>Policy: an integration client, or an administrator acting for one.</summary>
    public const string IntegrationOrAdministratorPolicy = "integration-or-administrator";

    /// <summary>Policy: a supervisor or an administrator, such as for reading the audit log.</summary>
    public const string SupervisorPolicy = "supervisor-or-administrator";

    public const string ApiScope = "api";

    /// <summary>The public client the staff desk and tools sign in with (password and refresh-token grants).</summary>
    public const string DeskClientId = "civichub-desk";

    public const string DemoIntegratorClientId = "demo-integrator";
}
