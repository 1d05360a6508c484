namespace CivicHub.Core.Staff.Passkeys;

/// <summary>What a passkey ceremony does: make a new passkey or sign in with one.</summary>
public enum PasskeyCeremonyKind
{
    Registration,
    SignIn,
}
