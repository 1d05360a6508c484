using CivicHub.Core.Access;
using CivicHub.Core.Catalog;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Privacy.Agreements;

/// <summary>
/// A citizen's consents to the agreements that need one: listed, given and withdrawn by the citizen in the portal,
/// or recorded by staff when the citizen says so on the phone or at a counter.
/// </summary>
public sealed class CitizenConsents(CivicHubDb db, CatalogSnapshot catalog, TimeProvider time)
{
    /// <summary>One agreement that concerns the citizen, and whether they consent to it now.</summary>
    public sealed record Item(
        Guid AgreementId,
        string Name,
        string Purpose,
        string LegalBasis,
        IReadOnlyList<string> RecipientDepartments,
        IReadOnlyList<string> ProviderDepartments,
        IReadOnlyList<DataCategories> Categories,
        DateTime? ValidUntil,
        bool Consented,
        DateTime? GivenAt);

    public sealed record Request(Guid? AgreementId, Channel? Channel);

    /// <summary>
    /// The agreements in force that need consent and could share this citizen's data: those opening every department,
    /// or a department the citizen has a case with.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<Item>>> ListAsync(Guid citizenId, CancellationToken cancellationToken)
    {
        if (!await db.Citizens.AnyAsync(c => c.Id == citizenId, cancellationToken))
        {
            return OutcomeProblem.NotFound("No citizen has that id.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var departments = await db.Cases.Where(c => c.CitizenId == citizenId).Select(c => c.DepartmentId).Distinct().ToListAsync(cancellationToken);
        var agreements = (await db.DataSharingAgreements.AsNoTracking().Where(a => a.RequiresConsent && a.Status == AgreementStatus.Active).ToListAsync(cancellationToken))
            .Where(a => a.AppliesAt(now) && (a.AllProviders || a.ProviderDepartmentIds.Any(departments.Contains)))
            .OrderBy(a => a.Name, StringComparer.Ordinal)
            .ToList();
        var consents = await db.CitizenConsents.AsNoTracking().Where(k => k.CitizenId == citizenId && k.WithdrawnAt == null).ToListAsync(cancellationToken);
        var snapshot = await catalog.GetAsync(cancellationToken);
        return agreements.Select(a =>
        {
            var consent = consents.FirstOrDefault(k => k.AgreementId == a.Id);
            return new Item(
                a.Id,
                a.Name,
                a.Purpose,
                a.LegalBasis,
                a.RecipientDepartmentIds.Select(d => snapshot.DepartmentById(d)?.Name ?? "").ToList(),
                a.AllProviders ? ["*"] : a.ProviderDepartmentIds.Select(d => snapshot.DepartmentById(d)?.Name ?? "").ToList(),
                CategoryNames.Each.Where(c => a.Categories.HasFlag(c)).ToList(),
                a.ValidUntil,
                consent is not null,
                consent?.GivenAt);
        }).ToList();
    }

    /// <summary>Records a consent; giving one already given changes nothing.</summary>
    public async Task<Outcome<Item>> GiveAsync(Guid citizenId, Request request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        if (request.AgreementId is not { } agreementId)
        {
            return OutcomeProblem.Invalid("agreementId", "This field is required.");
        }

        if (!await db.Citizens.AnyAsync(c => c.Id == citizenId, cancellationToken))
        {
            return OutcomeProblem.NotFound("No citizen has that id.");
        }

        var agreement = await db.DataSharingAgreements.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agreementId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (agreement is null || !agreement.RequiresConsent || !agreement.AppliesAt(now))
        {
            return OutcomeProblem.Invalid("agreementId", "No agreement in force that asks for consent has that id.");
        }

        if (!await db.CitizenConsents.AnyAsync(k => k.CitizenId == citizenId && k.AgreementId == agreementId && k.WithdrawnAt == null, cancellationToken))
        {
            db.CitizenConsents.Add(new CitizenConsent
            {
                Id = Guid.CreateVersion7(),
                CitizenId = citizenId,
                AgreementId = agreementId,
                GivenAt = now,
                Channel = request.Channel ?? (actor.Kind == ActorKind.Citizen ? Channel.Web : Channel.Phone),
                RecordedBy = actor.ToString(),
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        return await ItemAsync(citizenId, agreementId, cancellationToken);
    }

    /// <summary>Withdraws a consent from now on: what was seen under it stays seen, nothing more is.</summary>
    public async Task<Outcome<Item>> WithdrawAsync(Guid citizenId, Guid agreementId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var withdrawn = await db.CitizenConsents
            .Where(k => k.CitizenId == citizenId && k.AgreementId == agreementId && k.WithdrawnAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.WithdrawnAt, now), cancellationToken);
        if (withdrawn == 0)
        {
            return OutcomeProblem.NotFound("This citizen has no consent to that agreement to withdraw.");
        }

        return await ItemAsync(citizenId, agreementId, cancellationToken);
    }

    private async Task<Outcome<Item>> ItemAsync(Guid citizenId, Guid agreementId, CancellationToken cancellationToken)
    {
        var listed = await ListAsync(citizenId, cancellationToken);
        var item = listed.Value?.FirstOrDefault(i => i.AgreementId == agreementId);
        if (item is not null)
        {
            return item;
        }

        // An agreement that opens none of the citizen's departments yet is not listed, but the consent still stands.
        var agreement = await db.DataSharingAgreements.AsNoTracking().FirstAsync(a => a.Id == agreementId, cancellationToken);
        var consent = await db.CitizenConsents.AsNoTracking().Where(k => k.CitizenId == citizenId && k.AgreementId == agreementId && k.WithdrawnAt == null)
            .Select(k => (DateTime?)k.GivenAt).FirstOrDefaultAsync(cancellationToken);
        var snapshot = await catalog.GetAsync(cancellationToken);
        return new Item(agreement.Id, agreement.Name, agreement.Purpose, agreement.LegalBasis,
            agreement.RecipientDepartmentIds.Select(d => snapshot.DepartmentById(d)?.Name ?? "").ToList(),
            agreement.AllProviders ? ["*"] : agreement.ProviderDepartmentIds.Select(d => snapshot.DepartmentById(d)?.Name ?? "").ToList(),
            CategoryNames.Each.Where(c => agreement.Categories.HasFlag(c)).ToList(),
            agreement.ValidUntil, consent is not null, consent);
    }
}
