using System.Linq.Expressions;
using System.Text.RegularExpressions;
using CivicHub.Core.Catalog;
using CivicHub.Core.Chat;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Outreach;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CivicHub.Channels.Chat;

/// <summary>Opens and resumes visitors' chat sessions and reads back what was said in them.</summary>
public sealed partial class ChatSessions(CivicHubDb db, CatalogSnapshot catalog, IOptions<ChatOptions> options, TimeProvider time)
{
    /// <summary>
    /// Resumes the session of a token when it is still alive, else opens a new one. A signed-in visitor
    /// (<paramref name="signedInCitizenId"/>) gets a session tied to their record, so their chat lands on their timeline.
    /// </summary>
    public async Task<Outcome<ChatStarted>> StartAsync(
        string? token, string? departmentCode, string? language, Guid? signedInCitizenId, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Text("sessionToken", token, SessionToken.MaxLength, required: false)
            .Text("department", departmentCode, 50, required: false).Text("language", language, 35, required: false);
        var snapshot = await catalog.GetAsync(cancellationToken);
        var department = string.IsNullOrWhiteSpace(departmentCode) ? null : snapshot.DepartmentByCode(departmentCode.Trim());
        if (!string.IsNullOrWhiteSpace(departmentCode) && department is null)
        {
            errors.Add("department", "No department has that code (see data-department on the widget's script tag).");
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        // A signed-in citizen whose record is gone (merged away, erased) chats anonymously rather than not at all.
        if (signedInCitizenId is { } citizenId && !await db.Citizens.AnyAsync(c => c.Id == citizenId && c.MergedIntoId == null, cancellationToken))
        {
            signedInCitizenId = null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var session = await FindLiveAsync(token, cancellationToken);
        if (session is not null && (signedInCitizenId is null || session.CitizenId == signedInCitizenId))
        {
            session.LastSeenAt = now;
            await db.SaveChangesAsync(cancellationToken);
            var open = await db.ChatConversations.AsNoTracking()
                .Where(c => c.SessionId == session.Id && c.Status != ChatConversationStatus.Closed)
                .Select(c => new { c.Status, c.AgentName }).FirstOrDefaultAsync(cancellationToken);
            return new ChatStarted(null, true, await HistoryAsync(session, cancellationToken), open?.Status, open?.AgentName) { SessionId = session.Id };
        }

        var (created, newToken) = await OpenAsync(signedInCitizenId, department?.Id, LanguageOf(language), cancellationToken);
        return new ChatStarted(newToken, false, [], null, null) { SessionId = created.Id };
    }

    /// <summary>
    /// Opens a session on behalf of a citizen whom the caller has already signed in (the portal, the state login
    /// service): the widget resumes it with the token, and everything said lands on that citizen's timeline.
    /// </summary>
    public async Task<Outcome<(ChatSession Session, string Token)>> IssueForCitizenAsync(
        Guid? citizenId, string? departmentCode, string? language, CancellationToken cancellationToken)
    {
        if (citizenId is null)
        {
            return OutcomeProblem.Invalid("citizenId", "This field is required.");
        }

        var citizen = await db.Citizens.Where(c => c.Id == citizenId).Select(c => new { c.MergedIntoId }).FirstOrDefaultAsync(cancellationToken);
        if (citizen is null)
        {
            return OutcomeProblem.Invalid("citizenId", "No citizen has that id.");
        }

        if (citizen.MergedIntoId is { } target)
        {
            return OutcomeProblem.Invalid("citizenId", $"That record was merged into citizen {target}.");
        }

        var snapshot = await catalog.GetAsync(cancellationToken);
        var department = string.IsNullOrWhiteSpace(departmentCode) ? null : snapshot.DepartmentByCode(departmentCode.Trim());
        if (!string.IsNullOrWhiteSpace(departmentCode) && department is null)
        {
            return OutcomeProblem.Invalid("department", "No department has that code.");
        }

        return await OpenAsync(citizenId, department?.Id, LanguageOf(language), cancellationToken);
    }

    /// <summary>The live session a token stands for, or null when it is unknown or has expired.</summary>
    public async Task<ChatSession?> FindLiveAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > SessionToken.MaxLength)
        {
            return null;
        }

        var hash = SessionToken.Hash(token.Trim());
        return await db.ChatSessions.Where(Live(time, options.Value)).FirstOrDefaultAsync(s => s.TokenHash == hash, cancellationToken);
    }

    /// <summary>
    /// Sessions still live: seen within the session lifetime, and not ended with the citizen's sign-ins
    /// (<see cref="ChatSession.EndedAt"/>).
    /// </summary>
    internal static Expression<Func<ChatSession, bool>> Live(TimeProvider time, ChatOptions options)
    {
        var since = time.GetUtcNow().UtcDateTime - options.SessionLifetime;
        return s => s.LastSeenAt >= since && s.EndedAt == null;
    }

    /// <summary>
    /// What was said in a session, oldest first: the visitor's messages and agents' replies from the timeline, and
    /// notifications that outreach delivered to the session.
    /// </summary>
    public async Task<IReadOnlyList<ChatMessage>> HistoryAsync(ChatSession session, CancellationToken cancellationToken, int? limit = null)
    {
        var take = limit ?? options.Value.HistoryLength;
        var identityId = await IdentityOfAsync(session, cancellationToken);
        var recipient = session.IdentityValue;
        var sent = await db.OutboundMessages.AsNoTracking()
            .Where(m => m.Channel == Channel.Chat && m.Recipient == recipient && (m.Status == OutboundStatus.Sent || m.Status == OutboundStatus.Delivered))
            .OrderByDescending(m => m.SentAt).Take(take)
            .Select(m => new { m.Id, m.Body, m.SentAt, m.CreatedAt, m.InteractionId })
            .ToListAsync(cancellationToken);
        var recordedByOutreach = sent.Where(m => m.InteractionId is not null).Select(m => m.InteractionId!.Value).ToHashSet();
        var said = identityId is null ? [] : await db.Interactions.AsNoTracking()
            .Where(i => i.ChannelIdentityId == identityId && i.Channel == Channel.Chat && i.Direction != Direction.Internal)
            .OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id).Take(take)
            .Select(i => new { i.Id, i.Direction, i.Author, i.AuthorName, i.Body, i.OccurredAt, i.ExternalId })
            .ToListAsync(cancellationToken);
        var organisation = options.Value.OrganisationName;
        return said.Where(i => !recordedByOutreach.Contains(i.Id))
            .Select(i => i.Direction == Direction.Inbound
                ? new ChatMessage(VisitorMessageId(session.Id, i.ExternalId) ?? $"i{i.Id}", ChatAuthor.Visitor, null, i.Body, i.OccurredAt)
                : new ChatMessage($"i{i.Id}", i.Author.StartsWith("staff:", StringComparison.Ordinal) ? ChatAuthor.Agent : ChatAuthor.System, i.AuthorName, i.Body, i.OccurredAt))
            .Concat(sent.Select(m => new ChatMessage($"o{m.Id:N}", ChatAuthor.System, organisation, m.Body, m.SentAt ?? m.CreatedAt)))
            .OrderBy(m => m.SentAt).TakeLast(take).ToList();
    }

    /// <summary>The timeline identity the session writes from, once its first message made one.</summary>
    public Task<Guid?> IdentityOfAsync(ChatSession session, CancellationToken cancellationToken)
    {
        var value = session.IdentityValue;
        return db.ChannelIdentities.Where(i => i.Kind == IdentityKind.Device && i.Value == value).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The visitor's message id is namespaced by the session, so one visitor's ids can never collide with another's.</summary>
    public static string ExternalIdOf(Guid sessionId, string messageId) => $"{sessionId:N}:{messageId}";

    public static bool IsValidMessageId(string? messageId) => messageId is not null && MessageIdPattern().IsMatch(messageId);

    private static string? VisitorMessageId(Guid sessionId, string? externalId)
    {
        var prefix = $"{sessionId:N}:";
        return externalId is not null && externalId.StartsWith(prefix, StringComparison.Ordinal) ? externalId[prefix.Length..] : null;
    }

    private static string LanguageOf(string? language) =>
        language is not null && language.Trim().StartsWith("es", StringComparison.OrdinalIgnoreCase) ? "es" : "en";

    private async Task<(ChatSession Session, string Token)> OpenAsync(Guid? citizenId, int? departmentId, string language, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var token = SessionToken.New();
        var session = new ChatSession
        {
            Id = Guid.CreateVersion7(),
            TokenHash = SessionToken.Hash(token),
            CitizenId = citizenId,
            DepartmentId = departmentId,
            Language = language,
            CreatedAt = now,
            LastSeenAt = now,
        };
        db.ChatSessions.Add(session);
        if (citizenId is { } known)
        {
            // A known visitor's session writes from an identity on their record, so intake recognises them.
            db.ChannelIdentities.Add(new ChannelIdentity
            {
                Id = Guid.CreateVersion7(),
                CitizenId = known,
                Kind = IdentityKind.Device,
                Value = session.IdentityValue,
                Display = "Web chat",
                Verified = true,
                CreatedAt = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        return (session, token);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,100}\z")]
    private static partial Regex MessageIdPattern();
}
