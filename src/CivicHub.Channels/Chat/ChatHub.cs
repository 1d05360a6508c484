using System.Security.Claims;
using CivicHub.Core.Accounts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CivicHub.Channels.Chat;

/// <summary>
/// The visitor's side of web chat (/hubs/chat), used by the widget: start or resume a session, write, see agents'
/// replies live. Anonymous; a signed-in citizen's token ties the chat to their record. Every method answers a
/// <see cref="ChatReply{T}"/>; docs/api.md describes the protocol.
/// </summary>
public sealed class ChatHub(
    ChatSessions sessions,
    ChatIntake intake,
    ChatDesk desk,
    ChatTranscripts transcripts,
    IHubContext<DeskChatHub> agents,
    DeskChatRelay relay,
    IOptions<ChatOptions> options,
    TimeProvider time,
    CitizenSignInStanding signIns,
    IServiceProvider services) : Hub
{
    /// <summary>The claim kind a citizen's own access token will carry once citizen accounts exist.</summary>
    public const string CitizenKind = "citizen";

    private const string SessionKey = "chat.session";

    public async Task<ChatReply<ChatStarted>> Start(StartChat? request)
    {
        var started = await sessions.StartAsync(request?.SessionToken, request?.Department, request?.Language, await SignedInCitizenAsync(), Context.ConnectionAborted);
        if (started.Succeeded)
        {
            var sessionId = started.Value!.SessionId;
            if (SessionOf() is { } previous && previous != sessionId)
            {
                await Groups.RemoveFromGroupAsync(Context.ConnectionId, ChatGroups.Session(previous), Context.ConnectionAborted);
            }

            Context.Items[SessionKey] = sessionId;
            await Groups.AddToGroupAsync(Context.ConnectionId, ChatGroups.Session(sessionId), Context.ConnectionAborted);
        }

        return ChatReply<ChatStarted>.From(started);
    }

    public async Task<ChatReply<ChatMessage>> Send(SendChatMessage? request)
    {
        if (SessionOf() is not { } sessionId)
        {
            return ChatReply<ChatMessage>.Failure(ChatError.NotStarted);
        }

        var received = await intake.ReceiveAsync(sessionId, request?.MessageId, request?.Text, Context.ConnectionAborted);
        if (!received.Succeeded)
        {
            return ChatReply<ChatMessage>.Failure(ChatError.From(received.Problem!));
        }

        var value = received.Value!;
        if (!value.Duplicate)
        {
            // The visitor's other tabs, and the agent answering, see the message at once.
            await Clients.OthersInGroup(ChatGroups.Session(sessionId)).SendAsync(ChatEvents.Message, value.Message, Context.ConnectionAborted);
            await agents.Clients.Group(ChatGroups.Conversation(value.ConversationId))
                .SendAsync(ChatEvents.Message, new { value.ConversationId, value.Message }, Context.ConnectionAborted);
            if (value.NewConversation && await desk.WaitingNoticeAsync(value.ConversationId, Context.ConnectionAborted) is { } notice)
            {
                await relay.WaitingAsync(notice, Context.ConnectionAborted);
            }
        }

        return ChatReply<ChatMessage>.Success(value.Message);
    }

    /// <summary>Tells the agent the visitor is typing; at most once a second is passed on.</summary>
    public async Task Typing()
    {
        if (SessionOf() is not { } sessionId || !ChatHubFilter.RateOf(Context, options, time).TryTyping())
        {
            return;
        }

        if (await desk.OpenConversationOfAsync(sessionId, Context.ConnectionAborted) is { } conversationId)
        {
            await agents.Clients.Group(ChatGroups.Conversation(conversationId)).SendAsync(ChatEvents.Typing, new { conversationId }, Context.ConnectionAborted);
        }
    }

    public async Task<ChatReply<TranscriptQueued>> EmailTranscript(EmailTranscript? request)
    {
        if (SessionOf() is not { } sessionId)
        {
            return ChatReply<TranscriptQueued>.Failure(ChatError.NotStarted);
        }

        return ChatReply<TranscriptQueued>.From(await transcripts.RequestAsync(sessionId, request?.Email, null, Context.ConnectionAborted));
    }

    /// <summary>The visitor ends the conversation; the session stays, and writing again starts a new conversation.</summary>
    public async Task<ChatReply<bool>> Close()
    {
        if (SessionOf() is not { } sessionId)
        {
            return ChatReply<bool>.Failure(ChatError.NotStarted);
        }

        if (await desk.CloseForVisitorAsync(sessionId, Context.ConnectionAborted) is { } conversationId)
        {
            var closed = new { conversationId, by = "visitor" };
            await agents.Clients.Group(ChatGroups.Conversation(conversationId)).SendAsync(ChatEvents.ConversationClosed, closed, Context.ConnectionAborted);
            await agents.Clients.Group(ChatGroups.Desk).SendAsync(ChatEvents.ConversationClosed, closed, Context.ConnectionAborted);
            await Clients.OthersInGroup(ChatGroups.Session(sessionId)).SendAsync(ChatEvents.Closed, new { by = "visitor" }, Context.ConnectionAborted);
            return ChatReply<bool>.Success(true);
        }

        return ChatReply<bool>.Success(false);
    }

    private Guid? SessionOf() => Context.Items.TryGetValue(SessionKey, out var id) && id is Guid sessionId ? sessionId : null;

    /// <summary>
    /// The hook for signed-in citizens: a citizen's access token (kind "citizen", subject the citizen's id) ties the
    /// chat to their record while the sign-in it came from stands. The token was checked when the connection opened; a
    /// connection left open on a lost phone after the citizen signed out everywhere (or reset their password) starts
    /// chats anonymously from then on. Staff and integration tokens are not citizens and are ignored here.
    /// </summary>
    private async ValueTask<Guid?> SignedInCitizenAsync() =>
        Context.User is { Identity.IsAuthenticated: true } user
        && user.FindFirstValue("civichub_kind") == CitizenKind
        && Guid.TryParse(user.FindFirstValue("sub"), out var citizenId)
        && await signIns.StandsAsync(user, services, Context.ConnectionAborted)
            ? citizenId
            : null;
}
