using System.Text.RegularExpressions;
using CivicHub.Core.Cases;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Intake;
using CivicHub.Core.Outreach.Templates;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Outreach.Tracking;

/// <summary>
/// Tracking on any channel: a contact that only asks for a case's status ("K7M4-9QX2", "status K7M4-9QX2",
/// "estado K7M4-9QX2") is answered on the channel it came in on, in the citizen's language. Intake calls it before
/// its commit, so the answer is queued with the contact that asked. A reference that is not the sender's own gets
/// a neutral answer that says nothing about whether such a case exists.
/// </summary>
public sealed partial class StatusInquiry(CivicHubDb db, MessageComposer composer, TimeProvider time)
{
    /// <summary>The reference asked about, and the language the question was asked in when the keyword tells it.</summary>
    public sealed record Question(string Reference, string? Language);

    /// <summary>The question in a message's subject or first line, or null when the message is about something else.</summary>
    public static Question? Parse(string? subject, string body)
    {
        foreach (var text in new[] { subject, FirstLine(body) })
        {
            if (text is null || text.Length > MaxQuestionLength || StatusPattern().Match(text) is not { Success: true } match
                || CaseReference.Normalize(match.Groups["ref"].Value) is not { } reference)
            {
                continue;
            }

            var word = match.Groups["word"].Value.ToLowerInvariant();
            return new Question(reference, word is "estado" or "seguimiento" ? "es" : word.Length > 0 ? "en" : null);
        }

        return null;
    }

    /// <summary>
    /// Queues the answer when the contact is a status question; true when it was one. <c>landedOn</c> is the case
    /// intake put the contact on (the one asked about, when it is the sender's).
    /// </summary>
    public async Task<bool> AnswerAsync(
        InboundContact contact, Guid citizenId, ChannelIdentity identity, Case landedOn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(landedOn);
        if (Parse(contact.Subject, contact.Body) is not { } question || identity.OptedOutAt is not null)
        {
            return false;
        }

        // Find checks the unit of work first: a citizen intake has just created is not in the database yet.
        var citizen = await db.Citizens.FindAsync([citizenId], cancellationToken);
        if (citizen is null)
        {
            return false;
        }

        var asked = landedOn.Reference == question.Reference
            ? landedOn
            : await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Reference == question.Reference, cancellationToken);
        var own = asked is not null && asked.CitizenId == citizenId;
        var kind = own ? NotificationKinds.StatusAnswer : NotificationKinds.StatusUnknown;

        // The neutral answer belongs to (and renders from) the case the contact itself landed on, never the case
        // someone else's reference names, so even an administrator's template cannot show that case.
        var notification = new Notification(Guid.CreateVersion7(), kind, citizenId, own ? asked!.Id : landedOn.Id, "system")
        {
            InReplyTo = contact.ExternalId,
        };
        var language = citizen.IsProvisional ? question.Language : null;
        var message = await composer.ComposeOnAsync(notification, citizen, contact.Channel, identity.Id, identity.Value, cancellationToken, language);
        // The citizen is waiting for this answer now: quiet hours are for what we start, not for replies.
        message.NextAttemptAt = time.GetUtcNow().UtcDateTime;
        db.OutboundMessages.Add(message);
        return true;
    }

    // A status question is a few words; a longer text is about something else. The cap keeps each match to a few
    // microseconds, so the pattern needs no timeout (one of 100 ms once fired on a loaded machine whose scheduler had
    // paused the thread, failing an ordinary SMS's intake).
    private const int MaxQuestionLength = 200;

    private static string? FirstLine(string body) =>
        body.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);

    [GeneratedRegex(@"^\s*(?:(?<word>status|estado|track|seguimiento)\s*[:#]?\s*)?(?<ref>[A-Za-z0-9]{4}[\s-]?[A-Za-z0-9]{4})\s*[?.!]*\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StatusPattern();
}
