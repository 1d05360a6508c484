namespace CivicHub.Core.Staff.Passkeys;

/// <summary>
/// The options (and so the challenge) of a passkey registration or sign-in between its two steps, kept on the server
/// so the browser cannot choose them and, deleted when it finishes, cannot be answered twice. In the database so any
/// host behind the load balancer can finish what another began.
/// </summary>
public sealed class PasskeyCeremony
{
    /// <summary>Random: the browser names the ceremony it answers by this.</summary>
    public Guid Id { get; set; }

    public PasskeyCeremonyKind Kind { get; set; }

    /// <summary>Who registers; null for a sign-in, where nobody is known yet.</summary>
    public Guid? StaffId { get; set; }

    /// <summary>The options sent to the browser, as Fido2's JSON.</summary>
    public required string Options { get; set; }

    public DateTime ExpiresAt { get; set; }
}
