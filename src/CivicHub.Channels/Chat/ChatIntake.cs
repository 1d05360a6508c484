using CivicHub.Core.Chat;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CivicHub.Channels.Chat;

/// <summary>
/// Takes a visitor's message through the intake pipeline like any channel's contact (identify, thread onto a case,
/// record on the timeline, route), then keeps the chat conversation that agents pick up from the waiting list.
/// </summary>
public sealed class ChatIntake(CivicHubDb db, IntakePipeline intake, IOptions<ChatOptions> options, TimeProvider time)
{
    public async Task<Outcome<ChatReceived>> ReceiveAsync(Guid sessionId, string? messageId, string? text, CancellationToken cancellationToken)
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

        var session = await db.ChatSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is not { EndedAt: null })
        {
            return OutcomeProblem.NotFound("The chat session has ended. Start a new one.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var contact = new InboundContact(Channel.Chat, IdentityKind.Device, session.IdentityValue, text!, now)
        {
            To = options.Value.EndpointAddress,
            ExternalId = ChatSessions.ExternalIdOf(sessionId, messageId!),
        };
        var received = await intake.ReceiveAsync(contact, cancellationToken);
        if (!received.Succeeded)
        {
            return received.Problem!;
        }

        // Intake has committed the message; the conversation is kept in a second step. Should that step fail, the
        // widget resends with the same message id: intake finds the duplicate and this step runs again.
        db.ChangeTracker.Clear();
        var outcome = received.Value!;
        var recorded = await db.Interactions.AsNoTracking().Where(i => i.Id == outcome.InteractionId)
            .Select(i => new { i.Body, i.OccurredAt, i.CaseId }).FirstAsync(cancellationToken);
        var message = new ChatMessage(messageId!, ChatAuthor.Visitor, null, recorded.Body, recorded.OccurredAt);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (conversationId, isNew) = await KeepConversationAsync(session.Id, outcome, recorded.CaseId, recorded.Body, now, cancellationToken);
                return new ChatReceived(message, conversationId, isNew, outcome.Duplicate);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another tab of the same session opened the conversation at the same moment: join it.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<(Guid Id, bool IsNew)> KeepConversationAsync(
        Guid sessionId, IntakeOutcome outcome, Guid? caseId, string body, DateTime now, CancellationToken cancellationToken)
    {
        var session = await db.ChatSessions.FirstAsync(s => s.Id == sessionId, cancellationToken);
        session.CitizenId ??= outcome.CitizenId;
        session.LastSeenAt = now;
        var preview = TextClip.Clip(body, 200, "…");
        var open = await db.ChatConversations.FirstOrDefaultAsync(c => c.SessionId == sessionId && c.Status != ChatConversationStatus.Closed, cancellationToken);
        var isNew = false;
        if (open is null)
        {
            if (outcome.Duplicate)
            {
                // A resend of a message whose conversation has since been closed opens nothing new.
                var last = await db.ChatConversations.Where(c => c.SessionId == sessionId).OrderByDescending(c => c.StartedAt).Select(c => c.Id).FirstOrDefaultAsync(cancellationToken);
                if (last != Guid.Empty)
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return (last, false);
                }
            }

            var caseDepartment = await db.Cases.Where(c => c.Id == caseId).Select(c => (int?)c.DepartmentId).FirstOrDefaultAsync(cancellationToken);
            open = new ChatConversation
            {
                Id = Guid.CreateVersion7(),
                SessionId = sessionId,
                CitizenId = outcome.CitizenId,
                CaseId = caseId,
                DepartmentId = session.DepartmentId ?? caseDepartment ?? throw new InvalidOperationException("A chat message was recorded without a case."),
                Status = ChatConversationStatus.Waiting,
                Preview = preview,
                StartedAt = now,
                LastMessageAt = now,
            };
            db.ChatConversations.Add(open);
            isNew = true;
        }
        else if (!outcome.Duplicate)
        {
            open.Preview = preview;
            open.LastMessageAt = now;
            open.CaseId ??= caseId;
        }

        await db.SaveChangesAsync(cancellationToken);
        return (open.Id, isNew);
    }
}
