using CivicHub.Core.Interactions;

namespace CivicHub.Core.Outreach.Preferences;

/// <summary>How a citizen wants to hear from us: language, channels in order, and quiet hours (null: the jurisdiction's).</summary>
public sealed record PreferencesView(Guid CitizenId, string PreferredLanguage, IReadOnlyList<Channel> PreferredChannels, QuietHoursView? QuietHours);
