using Microsoft.AspNetCore.DataProtection;

namespace CivicHub.Core.Staff;

/// <summary>
/// Encrypts staff TOTP secrets at rest with ASP.NET Core Data Protection, so a copy of the database alone does not
/// let anyone compute codes. The purpose string keeps these ciphertexts apart from every other protected value.
/// </summary>
public sealed class StaffSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("CivicHub.Staff.TotpSecret.v1");

    public string Protect(byte[] secret) => _protector.Protect(Totp.ToBase32(secret));

    public byte[] Unprotect(string stored) => Totp.FromBase32(_protector.Unprotect(stored))
        ?? throw new InvalidOperationException("A stored TOTP secret is not base32.");
}
