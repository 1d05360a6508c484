using CivicHub.Core.Citizens;
using CivicHub.Core.Interactions;

namespace CivicHub.Core.Outreach.Preferences;

/// <summary>
/// Which channels can reach a citizen, best first: their preferred channels in their order, then any other channel
/// they have a usable identity for. A channel is usable when a sender is available for it and the citizen has an
/// identity of its kind that is not opted out; an opt-out always wins over a preference.
/// </summary>
public static class ChannelChoice
{
    /// <summary>The channels outreach can send on, and the identity kind each needs, in the order tried after the citizen's own.</summary>
    public static IReadOnlyList<(Channel Channel, IdentityKind Kind)> Sendable { get; } =
        [(Channel.Sms, IdentityKind.Phone), (Channel.Email, IdentityKind.Email), (Channel.Social, IdentityKind.Social)];

    public static IdentityKind? KindFor(Channel channel) =>
        Sendable.Where(s => s.Channel == channel).Select(s => (IdentityKind?)s.Kind).FirstOrDefault();

    public static IReadOnlyList<Reach> Order(
        IEnumerable<Channel> preferred, IEnumerable<ChannelIdentity> identities, Func<Channel, bool> available, IReadOnlySet<Channel>? tried = null)
    {
        var usable = identities.Where(i => i.OptedOutAt is null).ToList();
        var order = preferred.Concat(Sendable.Select(s => s.Channel)).Distinct();
        var reaches = new List<Reach>();
        foreach (var channel in order)
        {
            if (tried?.Contains(channel) == true || !available(channel) || Usable(channel, usable) is not { } identity)
            {
                continue;
            }

            reaches.Add(new Reach(channel, identity));
        }

        return reaches;
    }

    /// <summary>The identity a channel would use: a verified one first, then the newest. Null when none is usable.</summary>
    public static ChannelIdentity? Usable(Channel channel, IEnumerable<ChannelIdentity> identities) =>
        KindFor(channel) is { } kind
            ? identities.Where(i => i.Kind == kind && i.OptedOutAt is null).OrderByDescending(i => i.Verified).ThenByDescending(i => i.CreatedAt).FirstOrDefault()
            : null;
}
