using Microsoft.AspNetCore.SignalR;

namespace CivicHub.Channels.Chat;

/// <summary>
/// Tells the visitor's widget and the agents watching the waiting list what an agent did through
/// <see cref="ChatDesk"/> outside the desk hub (the Blazor desk's chat page), with the same events the hub sends.
/// </summary>
public sealed class DeskChatRelay(IHubContext<ChatHub> visitors, IHubContext<DeskChatHub> agents)
{
    public async Task TakenAsync(TakenConversation taken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        if (!taken.JustTaken)
        {
            return;
        }

        await visitors.Clients.Group(ChatGroups.Session(taken.SessionId))
            .SendAsync(ChatEvents.AgentJoined, new { name = taken.Conversation.AgentName }, cancellationToken);
        await agents.Clients.Group(ChatGroups.Desk)
            .SendAsync(ChatEvents.ConversationTaken, new { conversationId = taken.Conversation.Id, agentName = taken.Conversation.AgentName }, cancellationToken);
    }

    public Task RepliedAsync(Guid sessionId, ChatMessage message, CancellationToken cancellationToken) =>
        visitors.Clients.Group(ChatGroups.Session(sessionId)).SendAsync(ChatEvents.Message, message, cancellationToken);

    public async Task HandedToBotAsync(Guid sessionId, ChatConversationSummary? summary, CancellationToken cancellationToken)
    {
        await visitors.Clients.Group(ChatGroups.Session(sessionId)).SendAsync(ChatEvents.HandedToBot, new { }, cancellationToken);
        if (summary is not null)
        {
            await agents.Clients.Group(ChatGroups.Desk).SendAsync(ChatEvents.ConversationWaiting, summary, cancellationToken);
        }
    }

    public async Task ClosedAsync(Guid sessionId, Guid conversationId, CancellationToken cancellationToken)
    {
        await visitors.Clients.Group(ChatGroups.Session(sessionId)).SendAsync(ChatEvents.Closed, new { by = "agent" }, cancellationToken);
        await agents.Clients.Group(ChatGroups.Desk).SendAsync(ChatEvents.ConversationClosed, new { conversationId, by = "agent" }, cancellationToken);
    }
}
