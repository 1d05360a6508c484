using CivicHub.Core.Access;
using CivicHub.Core.Cases;
using CivicHub.Core.Chat;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Privacy.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CivicHub.Channels.Chat;

/// <summary>
/// The agent's side of chat: the waiting list, taking a conversation (one agent only), answering it, handing it to
/// the bot and closing it. Replies are outbound interactions on the citizen's timeline and case.
/// </summary>
public sealed class ChatDesk(
    CivicHubDb db, ChatSessions sessions, Timeline timeline, AuditTrail audit, WaitingChatAccess access, IOptions<ChatOptions> options, TimeProvider time)
{
    public const int MaxWaiting = 200;

    /// <summary>The refusal to answer a chat whose citizen has since ended every sign-in (<see cref="ChatSession.EndedAt"/>).</summary>
    public static OutcomeProblem SessionEnded { get; } =
        OutcomeProblem.Conflict("The citizen has since signed out everywhere (or reset their password), which ended this chat; answer on another channel.");

    /// <summary>
    /// Conversations nobody has taken (waiting, or with the bot), oldest first, of one department or all, as the
    /// acting member of staff may see them (<see cref="WaitingChatAccess"/>).
    /// </summary>
    public async Task<Outcome<IReadOnlyList<ChatConversationSummary>>> WaitingAsync(string? departmentCode, CancellationToken cancellationToken)
    {
        var conversations = db.ChatConversations.AsNoTracking()
            .Where(c => c.Status == ChatConversationStatus.Waiting || c.Status == ChatConversationStatus.WithBot);
        if (!string.IsNullOrWhiteSpace(departmentCode))
        {
            var code = departmentCode.Trim().ToUpperInvariant();
            var department = await db.Departments.Where(d => d.Code == code).Select(d => (int?)d.Id).FirstOrDefaultAsync(cancellationToken);
            if (department is null)
            {
                return OutcomeProblem.Invalid("department", "No department has that code.");
            }

            conversations = conversations.Where(c => c.DepartmentId == department);
        }

        var summaries = await Summaries(conversations.OrderBy(c => c.StartedAt).Take(MaxWaiting)).ToListAsync(cancellationToken);
        return Outcome<IReadOnlyList<ChatConversationSummary>>.Ok(await AsSeenAsync(summaries, cancellationToken));
    }

    /// <summary>One conversation as the acting member of staff may see it.</summary>
    public async Task<ChatConversationSummary?> SummaryAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var summary = await Summaries(db.ChatConversations.AsNoTracking().Where(c => c.Id == conversationId)).FirstOrDefaultAsync(cancellationToken);
        return summary is null ? null : (await AsSeenAsync([summary], cancellationToken))[0];
    }

    /// <summary>The live notice of a conversation now waiting: who of the staff gets it with the visitor, who without.</summary>
    public async Task<WaitingNotice?> WaitingNoticeAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var summary = await Summaries(db.ChatConversations.AsNoTracking().Where(c => c.Id == conversationId)).FirstOrDefaultAsync(cancellationToken);
        if (summary is null)
        {
            return null;
        }

        var (shown, withheld) = await access.StaffAsync(new WaitingChat(summary.Id, summary.CitizenId!.Value, summary.DepartmentId), cancellationToken);
        return new WaitingNotice(summary, shown, withheld);
    }

    /// <summary>
    /// The session of a conversation whose transcript the agent may have emailed: the agent answering it, or one who
    /// may see its visitor. The read is audited, since the transcript goes wherever the agent says.
    /// </summary>
    public async Task<Outcome<Guid>> TranscriptSessionAsync(Guid conversationId, Actor agent, CancellationToken cancellationToken)
    {
        var conversation = await db.ChatConversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
        var summary = conversation is null ? null : await SummaryAsync(conversationId, cancellationToken);
        if (conversation is null || summary is null)
        {
            return OutcomeProblem.NotFound("No chat conversation has that id.");
        }

        var answering = conversation.Status == ChatConversationStatus.WithAgent && conversation.AgentId is not null && conversation.AgentId == agent.StaffId;
        if (!answering && summary.CitizenId is null)
        {
            return OutcomeProblem.Forbidden("Only the agent answering this chat, or one who may see its visitor, may send its transcript.");
        }

        if (AuditScope.Actor.Kind is ActorKind.Staff or ActorKind.Integration)
        {
            var session = await db.ChatSessions.AsNoTracking().FirstAsync(s => s.Id == conversation.SessionId, cancellationToken);
            var citizenId = await CitizenOfAsync(session, conversation, cancellationToken);
            await audit.RecordReadAsync(await AuditScope.CurrentAsync(cancellationToken), citizenId, AuditRecords.Chat, conversationId.ToString("D"), cancellationToken);
        }

        return conversation.SessionId;
    }

    /// <summary>
    /// Takes a conversation for the agent. Only one agent gets it: the claim is a conditional update, so of two agents
    /// taking at once the second is refused. The agent who holds it may take it again (after reconnecting).
    /// </summary>
    public async Task<Outcome<TakenConversation>> TakeAsync(Guid conversationId, Actor agent, CancellationToken cancellationToken)
    {
        if (agent.StaffId is not { } staffId)
        {
            return OutcomeProblem.Forbidden("Only staff may take a chat.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var claimed = await db.ChatConversations
            .Where(c => c.Id == conversationId && (c.Status == ChatConversationStatus.Waiting || c.Status == ChatConversationStatus.WithBot))
            .ExecuteUpdateAsync(
                s => s.SetProperty(c => c.Status, ChatConversationStatus.WithAgent).SetProperty(c => c.AgentId, staffId)
                    .SetProperty(c => c.AgentName, agent.DisplayName).SetProperty(c => c.TakenAt, now),
                cancellationToken);
        var conversation = await db.ChatConversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
        if (conversation is null)
        {
            return OutcomeProblem.NotFound("No chat conversation has that id.");
        }

        if (claimed == 0 && conversation.Status == ChatConversationStatus.Closed)
        {
            return OutcomeProblem.Conflict("This conversation is closed.");
        }

        if (claimed == 0 && conversation.AgentId != staffId)
        {
            return OutcomeProblem.Conflict($"{conversation.AgentName} has already taken this conversation.");
        }

        var session = await db.ChatSessions.AsNoTracking().FirstAsync(s => s.Id == conversation.SessionId, cancellationToken);
        var citizenId = await CitizenOfAsync(session, conversation, cancellationToken);

        // Taking opens the conversation and the citizen's timeline: one read, not one per re-read by the same agent.
        if (claimed == 1 && AuditScope.Actor.Kind is ActorKind.Staff or ActorKind.Integration)
        {
            await audit.RecordReadAsync(await AuditScope.CurrentAsync(cancellationToken), citizenId, AuditRecords.Chat, conversationId.ToString("D"), cancellationToken);
        }

        return new TakenConversation(
            (await SummaryAsync(conversationId, cancellationToken))!,
            await sessions.HistoryAsync(session, cancellationToken),
            await timeline.ForKnownCitizenAsync(citizenId, cancellationToken))
        {
            SessionId = session.Id,
            JustTaken = claimed == 1,
            SessionEnded = session.EndedAt is not null,
        };
    }

    /// <summary>The agent's reply, recorded on the citizen's timeline and case; a resend with the same message id is recorded once.</summary>
    public async Task<Outcome<(ChatMessage Message, Guid SessionId)>> ReplyAsync(
        Guid conversationId, Actor agent, string? messageId, string? text, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Text("text", text, options.Value.MaxMessageLength);
        if (!ChatSessions.IsValidMessageId(messageId))
        {
            errors.Add("messageId", "Must be 1 to 100 letters, digits, '-' or '_', made by the client once per message.");
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var held = await HeldByAsync(conversationId, agent, cancellationToken);
        if (!held.Succeeded)
        {
            return held.Problem!;
        }

        var conversation = held.Value!;
        var session = await db.ChatSessions.AsNoTracking().FirstAsync(s => s.Id == conversation.SessionId, cancellationToken);
        if (session.EndedAt is not null)
        {
            return SessionEnded;
        }

        var externalId = $"desk:{conversationId:N}:{messageId}";
        var existing = await db.Interactions.AsNoTracking().Where(i => i.Channel == Channel.Chat && i.ExternalId == externalId)
            .Select(i => new { i.Id, i.Body, i.OccurredAt }).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return (new ChatMessage($"i{existing.Id}", ChatAuthor.Agent, agent.DisplayName, existing.Body, existing.OccurredAt), session.Id);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var identityId = await sessions.IdentityOfAsync(session, cancellationToken);
        var citizenId = await CitizenOfAsync(session, conversation, cancellationToken);
        var interaction = new Interaction
        {
            CitizenId = citizenId,
            CaseId = conversation.CaseId,
            ChannelIdentityId = identityId,
            Channel = Channel.Chat,
            Direction = Direction.Outbound,
            OccurredAt = now,
            RecordedAt = now,
            Body = text!.Trim(),
            Author = agent.ToString(),
            AuthorName = agent.DisplayName,
            ExternalId = externalId,
        };
        db.Interactions.Add(interaction);
        var @case = conversation.CaseId is null ? null : await db.Cases.FirstOrDefaultAsync(c => c.Id == conversation.CaseId, cancellationToken);
        if (@case is not null)
        {
            db.OnInteraction(@case, interaction, now);
        }
        else
        {
            db.Record("interaction.recorded", citizenId, now, new { interaction.Channel, interaction.Direction });
        }

        conversation.LastMessageAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return (new ChatMessage($"i{interaction.Id}", ChatAuthor.Agent, agent.DisplayName, interaction.Body, now), session.Id);
    }

    /// <summary>Gives the conversation to the chatbot. No chatbot exists yet: it then waits in the list, where any agent can take it back.</summary>
    public async Task<Outcome<Guid>> HandToBotAsync(Guid conversationId, Actor agent, CancellationToken cancellationToken)
    {
        var held = await HeldByAsync(conversationId, agent, cancellationToken);
        if (!held.Succeeded)
        {
            return held.Problem!;
        }

        var conversation = held.Value!;
        conversation.Status = ChatConversationStatus.WithBot;
        conversation.AgentId = null;
        conversation.AgentName = null;
        await db.SaveChangesAsync(cancellationToken);
        return conversation.SessionId;
    }

    /// <summary>Closes a conversation: the agent who holds it, or any agent while nobody does.</summary>
    public async Task<Outcome<Guid>> CloseAsync(Guid conversationId, Actor agent, CancellationToken cancellationToken)
    {
        var conversation = await db.ChatConversations.FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
        if (conversation is null)
        {
            return OutcomeProblem.NotFound("No chat conversation has that id.");
        }

        if (conversation.Status == ChatConversationStatus.WithAgent && conversation.AgentId != agent.StaffId)
        {
            return OutcomeProblem.Conflict($"{conversation.AgentName} is answering this conversation.");
        }

        Close(conversation);
        await db.SaveChangesAsync(cancellationToken);
        return conversation.SessionId;
    }

    /// <summary>The visitor ends their open conversation, if any; answers its id.</summary>
    public async Task<Guid?> CloseForVisitorAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var conversation = await db.ChatConversations.FirstOrDefaultAsync(c => c.SessionId == sessionId && c.Status != ChatConversationStatus.Closed, cancellationToken);
        if (conversation is null)
        {
            return null;
        }

        Close(conversation);
        await db.SaveChangesAsync(cancellationToken);
        return conversation.Id;
    }

    /// <summary>The open conversation of a session, for live notices to the agent answering it.</summary>
    public Task<Guid?> OpenConversationOfAsync(Guid sessionId, CancellationToken cancellationToken) =>
        db.ChatConversations.Where(c => c.SessionId == sessionId && c.Status != ChatConversationStatus.Closed)
            .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The session a conversation belongs to, or null when there is no such conversation.</summary>
    public Task<Guid?> SessionOfAsync(Guid conversationId, CancellationToken cancellationToken) =>
        db.ChatConversations.Where(c => c.Id == conversationId).Select(c => (Guid?)c.SessionId).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The session of a conversation the agent holds, or null (also once the session ended): only the agent answering may show as typing.</summary>
    public Task<Guid?> SessionHeldByAsync(Guid conversationId, Actor agent, CancellationToken cancellationToken) =>
        db.ChatConversations.Where(c => c.Id == conversationId && c.Status == ChatConversationStatus.WithAgent && c.AgentId == agent.StaffId)
            // A connection left open on a lost phone is still in the session's group, so an ended session is not told.
            .Where(c => db.ChatSessions.Any(s => s.Id == c.SessionId && s.EndedAt == null))
            .Select(c => (Guid?)c.SessionId).FirstOrDefaultAsync(cancellationToken);

    private void Close(ChatConversation conversation)
    {
        conversation.Status = ChatConversationStatus.Closed;
        conversation.ClosedAt = time.GetUtcNow().UtcDateTime;
    }

    private async Task<Outcome<ChatConversation>> HeldByAsync(Guid conversationId, Actor agent, CancellationToken cancellationToken)
    {
        var conversation = await db.ChatConversations.FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
        if (conversation is null)
        {
            return OutcomeProblem.NotFound("No chat conversation has that id.");
        }

        if (conversation.Status != ChatConversationStatus.WithAgent || conversation.AgentId != agent.StaffId)
        {
            return OutcomeProblem.Conflict("Take the conversation before answering it.");
        }

        return conversation;
    }

    /// <summary>The citizen now: the session's identity follows merges, the conversation's own id may be of a merged record.</summary>
    private async Task<Guid> CitizenOfAsync(ChatSession session, ChatConversation conversation, CancellationToken cancellationToken)
    {
        var identityId = await sessions.IdentityOfAsync(session, cancellationToken);
        return identityId is null
            ? conversation.CitizenId
            : await db.ChannelIdentities.Where(i => i.Id == identityId).Select(i => i.CitizenId).FirstAsync(cancellationToken);
    }

    /// <summary>The summaries with the visitor left out where the acting member of staff may not see them.</summary>
    private async Task<IReadOnlyList<ChatConversationSummary>> AsSeenAsync(IReadOnlyList<ChatConversationSummary> summaries, CancellationToken cancellationToken)
    {
        var shown = await access.ShownToActorAsync(summaries.Select(s => new WaitingChat(s.Id, s.CitizenId!.Value, s.DepartmentId)).ToList(), cancellationToken);
        return summaries.Select(s => shown.Contains(s.Id) ? s : s.WithoutVisitor()).ToList();
    }

    private IQueryable<ChatConversationSummary> Summaries(IQueryable<ChatConversation> conversations) =>
        from c in conversations
        join d in db.Departments on c.DepartmentId equals d.Id
        join z in db.Citizens on c.CitizenId equals z.Id
        select new ChatConversationSummary(
            c.Id,
            d.Code,
            c.Status,
            c.Preview,
            c.StartedAt,
            c.LastMessageAt,
            db.Cases.Where(k => k.Id == c.CaseId).Select(k => k.Reference).FirstOrDefault(),
            z.Id,
            z.GivenName == null && z.FamilyName == null ? "Unknown contact" : ((z.GivenName ?? "") + " " + (z.FamilyName ?? "")).Trim(),
            c.AgentName)
        {
            DepartmentId = c.DepartmentId,
        };
}
