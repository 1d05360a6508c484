using CivicHub.Core.Citizens;
using CivicHub.Core.Interactions;

namespace CivicHub.Core.Outreach.Preferences;

/// <summary>One way to reach a citizen: a channel and the identity it goes to.</summary>
public sealed record Reach(Channel Channel, ChannelIdentity Identity);
