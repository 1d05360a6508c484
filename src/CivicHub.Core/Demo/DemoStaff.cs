using System.Security.Cryptography;
using System.Text;
using CivicHub.Core.Staff;

namespace CivicHub.Core.Demo;

/// <summary>The demo's staff, one or more of every role.</summary>
public static class DemoStaff
{
    public static IReadOnlyList<(string UserName, string DisplayName, StaffRole Role, string[] Departments)> All { get; } =
    [
        ("dana", "Dana Whitfield", StaffRole.Agent, ["CONTACT"]),
        ("luis", "Luis Ortega", StaffRole.Agent, ["CONTACT"]),
        ("sam", "Sam Okafor", StaffRole.Caseworker, ["SOCIAL"]),
        ("taylor", "Taylor Brooks", StaffRole.Caseworker, ["TAX"]),
        ("jordan", "Jordan Lee", StaffRole.Caseworker, ["PUBWORKS", "SANITATION"]),
        ("priya", "Priya Raman", StaffRole.Supervisor, ["CONTACT", "SOCIAL", "TAX"]),
        ("morgan", "Morgan Hayes", StaffRole.Administrator, []),
    ];

    /// <summary>
    /// A demo member of staff's TOTP secret: HMAC-SHA256 of the user name keyed with Demo:StaffTotpSeed, first 20
    /// bytes. Anyone with the seed computes the codes, which is the point for a demo and its tests, and why a real
    /// deployment never uses the demo staff.
    /// </summary>
    public static byte[] TotpSecret(string seed, string userName) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(seed), Encoding.UTF8.GetBytes(userName))[..20];
}
