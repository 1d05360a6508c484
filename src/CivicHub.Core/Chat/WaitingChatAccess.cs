using CivicHub.Core.Access;
using CivicHub.Core.Data;
using CivicHub.Core.Privacy;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Chat;

/// <summary>
/// What a member of staff may see of a chat waiting to be taken. Always its queue (department), status and times, so
/// that any agent can take it. The visitor's name, their first words, the case reference and the citizen's id only
/// when the chat waits in a queue of one of the agent's own departments, or when <see cref="RecordAccess"/> allows the
/// agent the citizen's contact details (a department of theirs has a case of the citizen, or an agreement in force
/// covers contact details for them, with the citizen's consent where it asks); otherwise the chat shows a neutral
/// label made from the conversation's id (<see cref="Label"/>), the same in the list and in live updates.
/// </summary>
public sealed class WaitingChatAccess(CivicHubDb db, RecordAccess records)
{
    /// <summary>The rule itself, for one agent (their departments) and one citizen (what RecordAccess allows of them).</summary>
    public static bool ShowsVisitor(int queueDepartmentId, IReadOnlyCollection<int> ownDepartments, CitizenAccess access)
    {
        ArgumentNullException.ThrowIfNull(ownDepartments);
        ArgumentNullException.ThrowIfNull(access);
        return access.Unrestricted || ownDepartments.Contains(queueDepartmentId) || access.ContactDetails.Allowed;
    }

    /// <summary>The neutral name of a visitor the agent may not see: stable for the conversation, telling nothing about the person.</summary>
    public static string Label(Guid conversationId) => "Visitor " + conversationId.ToString("N")[..4].ToUpperInvariant();

    /// <summary>Of these waiting chats, the conversations whose visitor the acting party (RecordAccess's actor) may see.</summary>
    public async Task<IReadOnlySet<Guid>> ShownToActorAsync(IReadOnlyCollection<WaitingChat> chats, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chats);
        if (chats.Count == 0 || records.Actor.Kind == ActorKind.System)
        {
            return chats.Select(c => c.ConversationId).ToHashSet();
        }

        var acting = await records.ActingAsync(cancellationToken);
        var seen = await records.CitizensAsync(chats.Select(c => c.CitizenId).Distinct().ToList(), cancellationToken);
        return chats.Where(c => ShowsVisitor(c.DepartmentId, acting.DepartmentIds, seen[c.CitizenId])).Select(c => c.ConversationId).ToHashSet();
    }

    /// <summary>
    /// For a live notice of one waiting chat, pushed to each agent's own connections: the active members of staff who
    /// may see its visitor, and those who may not. Staff are read now, so a change of departments counts at once.
    /// </summary>
    public async Task<(IReadOnlyList<Guid> Shown, IReadOnlyList<Guid> Withheld)> StaffAsync(WaitingChat chat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var staff = await db.Staff.AsNoTracking().Where(s => s.Active)
            .Select(s => new { s.Id, Departments = s.Departments.Select(d => d.DepartmentId).ToList() })
            .ToListAsync(cancellationToken);
        var caseDepartments = await db.Cases.AsNoTracking().Where(c => c.CitizenId == chat.CitizenId).Select(c => c.DepartmentId).Distinct()
            .ToListAsync(cancellationToken);
        var consents = await db.CitizenConsents.AsNoTracking().Where(k => k.CitizenId == chat.CitizenId && k.WithdrawnAt == null)
            .Select(k => k.AgreementId).ToListAsync(cancellationToken);

        // Members with the same departments decide alike: one decision per set of departments, not per member.
        var decided = new Dictionary<string, bool>(StringComparer.Ordinal);
        var shown = new List<Guid>();
        var withheld = new List<Guid>();
        foreach (var member in staff)
        {
            var key = string.Join(',', member.Departments.Order());
            if (!decided.TryGetValue(key, out var shows))
            {
                var scope = await records.ScopeForAsync(new Actor(ActorKind.Staff, member.Id.ToString("D"), member.Id.ToString("D")), member.Departments, cancellationToken);
                shows = ShowsVisitor(chat.DepartmentId, member.Departments, scope.ForCitizen(caseDepartments, consents));
                decided[key] = shows;
            }

            (shows ? shown : withheld).Add(member.Id);
        }

        return (shown, withheld);
    }
}
