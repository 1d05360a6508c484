namespace CivicHub.Core.Outreach.Preferences;

/// <summary>Quiet hours as the API reads and writes them: "21:00", "08:00", "America/Chicago".</summary>
public sealed record QuietHoursView(string? Start, string? End, string? TimeZone);
