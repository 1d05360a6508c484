namespace CivicHub.Channels.Chat;

/// <summary>
/// A live "conversationWaiting" notice for the agents: the full summary for the members of staff who may see the
/// visitor, the summary without the visitor for the others (each pushed to that member's own connections).
/// </summary>
public sealed record WaitingNotice(ChatConversationSummary Summary, IReadOnlyList<Guid> ShownTo, IReadOnlyList<Guid> WithheldFrom);
