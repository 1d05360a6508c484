using Microsoft.AspNetCore.SignalR;

namespace CivicHub.Channels.Chat;

/// <summary>
/// Tells the visitor's widget and the agents watching the waiting list what an agent did through
/// <see cref="ChatDesk"/>, whether from the desk hub or from the Blazor desk's chat page: one place for those events.
/// </summary>
public sealed class DeskChatRelay(IHubContext<ChatHub> visitors, IHubContext<DeskChatHub> agents)
{
    /// <summary>The agent joined; the other agents' waiting lists drop the conversation (all but <paramref name="exceptConnectionId"/>).</summary>
    public async Task TakenAsync(TakenConversation taken, string? exceptConnectionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        if (!taken.JustTaken)
        {
            return;
        }

        if (!taken.SessionEnded)
        {
            await visitors.Clients.Group(ChatGroups.Session(taken.SessionId))
                .SendAsync(ChatEvents.AgentJoined, new { name = taken.Conversation.AgentName }, cancellationToken);
        }

        var desk = exceptConnectionId is null ? agents.Clients.Group(ChatGroups.Desk) : agents.Clients.GroupExcept(ChatGroups.Desk, exceptConnectionId);
        await desk
            .SendAsync(ChatEvents.ConversationTaken, new { conversationId = taken.Conversation.Id, agentName = taken.Conversation.AgentName }, cancellationToken);
    }

    public Task RepliedAsync(Guid sessionId, ChatMessage message, CancellationToken cancellationToken) =>
        visitors.Clients.Group(ChatGroups.Session(sessionId)).SendAsync(ChatEvents.Message, message, cancellationToken);

    public async Task HandedToBotAsync(Guid sessionId, WaitingNotice? notice, CancellationToken cancellationToken)
    {
        await visitors.Clients.Group(ChatGroups.Session(sessionId)).SendAsync(ChatEvents.HandedToBot, new { }, cancellationToken);
        if (notice is not null)
        {
            await WaitingAsync(notice, cancellationToken);
        }
    }

    /// <summary>
    /// Tells the agents a conversation waits: each member of staff's connections get it as that member may see it,
    /// with the visitor or under a neutral label (<see cref="CivicHub.Core.Chat.WaitingChatAccess"/>).
    /// </summary>
    public async Task WaitingAsync(WaitingNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.ShownTo.Count > 0)
        {
            await agents.Clients.Groups(notice.ShownTo.Select(ChatGroups.Agent).ToList())
                .SendAsync(ChatEvents.ConversationWaiting, notice.Summary, cancellationToken);
        }

        if (notice.WithheldFrom.Count > 0)
        {
            await agents.Clients.Groups(notice.WithheldFrom.Select(ChatGroups.Agent).ToList())
                .SendAsync(ChatEvents.ConversationWaiting, notice.Summary.WithoutVisitor(), cancellationToken);
        }
    }

    public async Task ClosedAsync(Guid sessionId, Guid conversationId, CancellationToken cancellationToken)
    {
        await visitors.Clients.Group(ChatGroups.Session(sessionId)).SendAsync(ChatEvents.Closed, new { by = "agent" }, cancellationToken);
        await agents.Clients.Group(ChatGroups.Desk).SendAsync(ChatEvents.ConversationClosed, new { conversationId, by = "agent" }, cancellationToken);
    }
}
