using CivicHub.Core.Cases;
using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Outreach.Replies;

/// <summary>What was sent (or is waiting, or failed) to a citizen or about a case, newest first.</summary>
public sealed class MessageHistory(CivicHubDb db)
{
    public const int MaxItems = 200;

    public async Task<Outcome<IReadOnlyList<MessageView>>> ForCaseAsync(string reference, CancellationToken cancellationToken)
    {
        var @case = await db.FindByReferenceAsync(reference, cancellationToken);
        if (@case is null)
        {
            return OutcomeProblem.NotFound($"No case has the reference {reference}.");
        }

        return await ListAsync(db.OutboundMessages.Where(m => m.CaseId == @case.Id), cancellationToken);
    }

    public async Task<Outcome<IReadOnlyList<MessageView>>> ForCitizenAsync(Guid citizenId, CancellationToken cancellationToken)
    {
        if (!await db.Citizens.AnyAsync(c => c.Id == citizenId, cancellationToken))
        {
            return OutcomeProblem.NotFound("No citizen has that id.");
        }

        return await ListAsync(db.OutboundMessages.Where(m => m.CitizenId == citizenId), cancellationToken);
    }

    private async Task<Outcome<IReadOnlyList<MessageView>>> ListAsync(IQueryable<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        var list = await messages.AsNoTracking()
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Take(MaxItems)
            .Select(m => new MessageView(
                m.Id, m.CitizenId, db.Cases.Where(c => c.Id == m.CaseId).Select(c => c.Reference).FirstOrDefault(), m.Channel, m.Recipient, m.Status,
                m.TemplateKey, m.Subject, m.Body, m.Language, m.Author, m.Attempts, m.NextAttemptAt, m.LastError, m.CreatedAt, m.SentAt, m.DeliveredAt))
            .ToListAsync(cancellationToken);
        return list;
    }
}
