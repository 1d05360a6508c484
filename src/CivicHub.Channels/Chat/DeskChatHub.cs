using System.Security.Claims;
using CivicHub.Core.Access;
using CivicHub.Core.Privacy;
using CivicHub.Core.Privacy.Audit;
using Microsoft.AspNetCore.SignalR;

namespace CivicHub.Channels.Chat;

/// <summary>
/// The agent's side of web chat (/hubs/desk-chat), for the staff desk: the waiting list (kept live), take, reply,
/// hand to the bot, close, email the transcript. Needs a staff access token. docs/api.md describes the protocol.
/// </summary>
public sealed class DeskChatHub(
    ChatDesk desk, ChatTranscripts transcripts, IHubContext<ChatHub> visitors, DeskChatRelay relay, RecordAccess records, AuditTrail audit) : Hub
{
    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, ChatGroups.Desk, Context.ConnectionAborted);
        if (Agent().StaffId is { } staffId)
        {
            // New waiting chats are pushed per member of staff, each as that member may see it.
            await Groups.AddToGroupAsync(Context.ConnectionId, ChatGroups.Agent(staffId), Context.ConnectionAborted);
        }

        await base.OnConnectedAsync();
    }

    /// <summary>
    /// Conversations nobody has taken, oldest first, as this agent may see them; "conversationWaiting" and
    /// "conversationTaken" keep the list current.
    /// </summary>
    public async Task<ChatReply<IReadOnlyList<ChatConversationSummary>>> Waiting(string? department)
    {
        records.ActAs(Agent());
        var waiting = await desk.WaitingAsync(department, Context.ConnectionAborted);
        if (waiting.Succeeded)
        {
            // The list names the citizens waiting: each is recorded once per connection, not on every call.
            var shown = (ShownCitizens)(Context.Items[typeof(ShownCitizens)] ??= new ShownCitizens());
            var newly = shown.Newly(waiting.Value!.Where(w => w.CitizenId is not null).Select(w => w.CitizenId!.Value));
            await audit.RecordListAsync(await SourceAsync(), AuditRecords.ChatQueue, newly, Context.ConnectionAborted);
        }

        return ChatReply<IReadOnlyList<ChatConversationSummary>>.From(waiting);
    }

    public async Task<ChatReply<TakenConversation>> Take(Guid conversationId)
    {
        // The taken conversation carries the citizen's timeline: as much of it as this agent may see.
        records.ActAs(Agent());
        Core.Outcomes.Outcome<TakenConversation> taken;
        using (AuditScope.Begin(await SourceAsync()))
        {
            taken = await desk.TakeAsync(conversationId, Agent(), Context.ConnectionAborted);
        }

        if (taken.Succeeded)
        {
            var value = taken.Value!;
            await Groups.AddToGroupAsync(Context.ConnectionId, ChatGroups.Conversation(conversationId), Context.ConnectionAborted);
            await relay.TakenAsync(value, Context.ConnectionId, Context.ConnectionAborted);
        }

        return ChatReply<TakenConversation>.From(taken);
    }

    public async Task<ChatReply<ChatMessage>> Send(DeskChatMessage? request)
    {
        if (request is null)
        {
            return ChatReply<ChatMessage>.Failure(new ChatError("invalid", "One or more fields are not valid.", "conversationId: This field is required.",
                new Dictionary<string, string[]> { ["conversationId"] = ["This field is required."] }));
        }

        var replied = await desk.ReplyAsync(request.ConversationId, Agent(), request.MessageId, request.Text, Context.ConnectionAborted);
        if (!replied.Succeeded)
        {
            return ChatReply<ChatMessage>.Failure(ChatError.From(replied.Problem!));
        }

        var (message, sessionId) = replied.Value;
        await relay.RepliedAsync(sessionId, message, Context.ConnectionAborted);
        return ChatReply<ChatMessage>.Success(message);
    }

    /// <summary>Tells the visitor the agent is typing.</summary>
    public async Task Typing(Guid conversationId)
    {
        var agent = Agent();
        if (await desk.SessionHeldByAsync(conversationId, agent, Context.ConnectionAborted) is { } sessionId)
        {
            await visitors.Clients.Group(ChatGroups.Session(sessionId)).SendAsync(ChatEvents.Typing, new { name = agent.DisplayName }, Context.ConnectionAborted);
        }
    }

    /// <summary>Gives the conversation to the chatbot (none exists yet, so it waits in the list again).</summary>
    public async Task<ChatReply<bool>> HandToBot(Guid conversationId)
    {
        records.ActAs(Agent());
        var handed = await desk.HandToBotAsync(conversationId, Agent(), Context.ConnectionAborted);
        if (!handed.Succeeded)
        {
            return ChatReply<bool>.Failure(ChatError.From(handed.Problem!));
        }

        await Groups.RemoveFromGroupAsync(Context.ConnectionId, ChatGroups.Conversation(conversationId), Context.ConnectionAborted);
        await relay.HandedToBotAsync(handed.Value, await desk.WaitingNoticeAsync(conversationId, Context.ConnectionAborted), Context.ConnectionAborted);

        return ChatReply<bool>.Success(true);
    }

    public async Task<ChatReply<bool>> Close(Guid conversationId)
    {
        var closed = await desk.CloseAsync(conversationId, Agent(), Context.ConnectionAborted);
        if (!closed.Succeeded)
        {
            return ChatReply<bool>.Failure(ChatError.From(closed.Problem!));
        }

        await relay.ClosedAsync(closed.Value, conversationId, Context.ConnectionAborted);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, ChatGroups.Conversation(conversationId), Context.ConnectionAborted);
        return ChatReply<bool>.Success(true);
    }

    /// <summary>
    /// Emails the conversation's transcript to the citizen's known address, or to the address given: the agent
    /// answering it, or one who may see its visitor; audited as a read.
    /// </summary>
    public async Task<ChatReply<TranscriptQueued>> EmailTranscript(Guid conversationId, string? email)
    {
        records.ActAs(Agent());
        Core.Outcomes.Outcome<Guid> session;
        using (AuditScope.Begin(await SourceAsync()))
        {
            session = await desk.TranscriptSessionAsync(conversationId, Agent(), Context.ConnectionAborted);
        }

        if (!session.Succeeded)
        {
            return ChatReply<TranscriptQueued>.Failure(ChatError.From(session.Problem!));
        }

        return ChatReply<TranscriptQueued>.From(await transcripts.RequestAsync(session.Value, email, Agent(), Context.ConnectionAborted));
    }

    /// <summary>Who reads, for the audit log: the agent, their departments, their role's purpose and the connection's address.</summary>
    private async Task<AuditSource> SourceAsync()
    {
        var agent = Agent();
        // The same lookup of the agent's departments that the access decisions of this call use (read once per call).
        records.ActAs(agent);
        var codes = (await records.ActingAsync(Context.ConnectionAborted)).DepartmentCodes;
        var http = Context.GetHttpContext();
        return new AuditSource(agent, codes, AuditSource.DefaultPurpose(agent, codes),
            AuditSource.Address(http?.Connection.RemoteIpAddress), AuditSource.ShortUserAgent(http?.Request.Headers.UserAgent));
    }

    /// <summary>The member of staff calling, from the access token the staff policy has checked.</summary>
    private Actor Agent()
    {
        var user = Context.User!;
        var id = user.FindFirstValue("sub") ?? "unknown";
        return new Actor(ActorKind.Staff, id, user.FindFirstValue("name") ?? id);
    }
}
