using CivicHub.Core.Attachments;
using CivicHub.Core.Catalog;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Cases;

/// <summary>
/// A citizen's own view of their requests, whichever channel opened them: where each stands, its public history
/// (opened and status changes; never staff notes, assignments or priorities) and the messages exchanged (never
/// internal ones). The portal's "my requests" and the anonymous tracking form read through here, so both show the
/// citizen the same thing and nothing more.
/// </summary>
public sealed class CitizenRequests(CivicHubDb db, CatalogSnapshot catalog, IdentityNormalizer normalizer)
{
    public const int MaxMessages = 200;

    /// <summary>
    /// The citizen reads the service and department names in the language of the page asking (the request's culture,
    /// which the portal sets); elsewhere it is the catalog's default language.
    /// </summary>
    private static string Reader => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public sealed record Item(string Reference, string Title, string? ServiceName, string Department, CaseStatus Status, Channel OriginChannel, DateTime CreatedAt, DateTime UpdatedAt);

    public sealed record Detail(
        Item Request,
        DateTime? SlaDueAt,
        IReadOnlyList<Step> History,
        IReadOnlyList<Message> Messages);

    public sealed record Step(CaseChangeKind Kind, string? To, DateTime At);

    /// <summary>A message of the thread: inbound from the citizen, outbound from the department.</summary>
    public sealed record Message(long Id, Channel Channel, Direction Direction, DateTime OccurredAt, string? Subject, string Body)
    {
        /// <summary>The files that came with it (the citizen's own: only inbound messages carry files).</summary>
        public IReadOnlyList<TimelineAttachment> Attachments { get; init; } = [];
    }

    public async Task<IReadOnlyList<Item>> ListAsync(Guid citizenId, CancellationToken cancellationToken)
    {
        var snapshot = await catalog.GetAsync(cancellationToken);
        var cases = await db.Cases.AsNoTracking().Where(c => c.CitizenId == citizenId)
            .OrderByDescending(c => c.UpdatedAt)
            .Select(c => new { c.Reference, c.Title, c.ServiceId, c.DepartmentId, c.Status, c.OriginChannel, c.CreatedAt, c.UpdatedAt })
            .ToListAsync(cancellationToken);
        return cases.Select(c => new Item(
            c.Reference, c.Title, snapshot.ServiceById(c.ServiceId)?.NameIn(Reader), snapshot.DepartmentById(c.DepartmentId)?.NameIn(Reader) ?? "",
            c.Status, c.OriginChannel, c.CreatedAt, c.UpdatedAt)).ToList();
    }

    /// <summary>One of the citizen's requests with its thread, or null when the reference is not theirs.</summary>
    public async Task<Detail?> GetAsync(Guid citizenId, string? reference, CancellationToken cancellationToken)
    {
        var @case = await db.FindByReferenceAsync(reference, cancellationToken);
        return @case is null || @case.CitizenId != citizenId ? null : await DetailOfAsync(@case, withMessages: true, cancellationToken);
    }

    /// <summary>
    /// Tracking without signing in: the reference and an email or phone on the citizen's record must both match.
    /// Any mismatch is the same null, so the form tells nobody whether a reference exists.
    /// </summary>
    public async Task<Detail?> TrackAsync(string? reference, string? emailOrPhone, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(emailOrPhone) || emailOrPhone.Length > 320)
        {
            return null;
        }

        var kind = emailOrPhone.Contains('@', StringComparison.Ordinal) ? IdentityKind.Email : IdentityKind.Phone;
        var (value, _) = normalizer.Normalize(kind, emailOrPhone);
        var @case = value is null ? null : await db.FindByReferenceAsync(reference, cancellationToken);
        if (@case is null)
        {
            return null;
        }

        var matches = await db.ChannelIdentities.AnyAsync(i => i.CitizenId == @case.CitizenId && i.Kind == kind && i.Value == value, cancellationToken);
        return matches ? await DetailOfAsync(@case, withMessages: false, cancellationToken) : null;
    }

    private async Task<Detail> DetailOfAsync(Case @case, bool withMessages, CancellationToken cancellationToken)
    {
        var snapshot = await catalog.GetAsync(cancellationToken);
        var history = await db.CaseChanges.AsNoTracking()
            .Where(h => h.CaseId == @case.Id && (h.Kind == CaseChangeKind.Created || h.Kind == CaseChangeKind.StatusChanged))
            .OrderBy(h => h.At).ThenBy(h => h.Id)
            .Select(h => new Step(h.Kind, h.To, h.At))
            .ToListAsync(cancellationToken);
        var messages = withMessages
            ? await db.Interactions.AsNoTracking()
                .Where(i => i.CaseId == @case.Id && i.Direction != Direction.Internal)
                .OrderBy(i => i.OccurredAt).ThenBy(i => i.Id)
                .Take(MaxMessages)
                .Select(i => new Message(i.Id, i.Channel, i.Direction, i.OccurredAt, i.Subject, i.Body)
                {
                    Attachments = db.Attachments.Where(a => a.InteractionId == i.Id).OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
                        .Select(a => new TimelineAttachment(a.Id, a.FileName, a.ContentType, a.Length)).ToList(),
                })
                .ToListAsync(cancellationToken)
            : [];
        var item = new Item(
            @case.Reference, @case.Title, snapshot.ServiceById(@case.ServiceId)?.NameIn(Reader), snapshot.DepartmentById(@case.DepartmentId)?.NameIn(Reader) ?? "",
            @case.Status, @case.OriginChannel, @case.CreatedAt, @case.UpdatedAt);
        return new Detail(item, @case.SlaDueAt, history, messages);
    }
}
