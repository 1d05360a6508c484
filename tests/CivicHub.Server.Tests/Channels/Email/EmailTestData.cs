using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Tests.Channels.Email;

/// <summary>Rows the email tests need to exist, written as the outreach pipeline would write them.</summary>
public static class EmailTestData
{
    /// <summary>An email we sent on a case, with the provider id the SMTP sender returned.</summary>
    public static Task<Guid> SentEmailAsync(this CivicHubHost host, string caseReference, string recipient, string providerMessageId) =>
        host.InDbAsync(async db =>
        {
            var @case = await db.Cases.SingleAsync(c => c.Reference == caseReference);
            var message = NewMessage(@case.CitizenId, @case.Id, recipient);
            message.Status = OutboundStatus.Sent;
            message.ProviderMessageId = providerMessageId;
            message.SentAt = DateTime.UtcNow;
            db.OutboundMessages.Add(message);
            await db.SaveChangesAsync();
            return message.Id;
        });

    public static OutboundMessage NewMessage(Guid citizenId, Guid? caseId, string recipient) => new()
    {
        Id = Guid.CreateVersion7(),
        CitizenId = citizenId,
        CaseId = caseId,
        Channel = Channel.Email,
        Recipient = recipient,
        Subject = "About your request",
        Body = "We are looking into it.",
        Author = "system",
        Status = OutboundStatus.Queued,
        CreatedAt = DateTime.UtcNow,
        NextAttemptAt = DateTime.UtcNow,
    };

    public static Task<OutboundMessage> OutboundAsync(this CivicHubHost host, Guid id) =>
        host.InDbAsync(db => db.OutboundMessages.AsNoTracking().SingleAsync(m => m.Id == id));

    public static Task<List<Interaction>> InteractionsWithExternalIdAsync(this CivicHubHost host, string? externalId) =>
        host.InDbAsync(db => db.Interactions.AsNoTracking().Where(i => i.Channel == Channel.Email && i.ExternalId == externalId).ToListAsync());

    public static Task<string?> CaseReferenceOfAsync(this CivicHubDb db, Guid? caseId) =>
        db.Cases.Where(c => c.Id == caseId).Select(c => c.Reference).FirstOrDefaultAsync();
}
