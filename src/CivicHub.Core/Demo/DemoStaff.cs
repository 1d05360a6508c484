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
}
