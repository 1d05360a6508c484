namespace CivicHub.Core.Staff.Passkeys;

/// <summary>A passkey (WebAuthn credential) a member of staff signs in with instead of a password and a code.</summary>
public sealed class StaffPasskey
{
    public Guid Id { get; set; }

    public Guid StaffId { get; set; }

    /// <summary>The credential id the authenticator chose; unique across all staff.</summary>
    public required byte[] CredentialId { get; set; }

    /// <summary>The credential's public key as the authenticator gave it (a COSE key).</summary>
    public required byte[] PublicKey { get; set; }

    /// <summary>The authenticator's signature counter at the last sign-in; a lower one later means a cloned authenticator.</summary>
    public long SignCount { get; set; }

    /// <summary>The WebAuthn user handle the passkey was made for: the member's id, never a name or an address.</summary>
    public required byte[] UserHandle { get; set; }

    /// <summary>The authenticator model's AAGUID (all zeros when the authenticator does not say).</summary>
    public Guid AaGuid { get; set; }

    /// <summary>The name the member gave it ("work laptop"), to tell their passkeys apart.</summary>
    public required string Name { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastUsedAt { get; set; }
}
