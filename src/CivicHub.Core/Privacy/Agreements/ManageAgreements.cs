using CivicHub.Core.Access;
using CivicHub.Core.Catalog;
using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Staff;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Privacy.Agreements;

/// <summary>Administrators write down data-sharing agreements: who may see which departments' data, why and until when.</summary>
public sealed class ManageAgreements(CivicHubDb db, CatalogSnapshot catalog, TimeProvider time)
{
    /// <summary>An agreement as written and read through the API; departments and services by their codes.</summary>
    public sealed record Input(
        string? Name,
        IReadOnlyList<string>? RecipientDepartments,
        IReadOnlyList<string>? ProviderDepartments,
        bool AllProviders,
        IReadOnlyList<DataCategories>? Categories,
        IReadOnlyList<string>? Services,
        string? Purpose,
        string? LegalBasis,
        DateTime? ValidFrom,
        DateTime? ValidUntil,
        bool RequiresConsent,
        AgreementStatus? Status);

    public sealed record View(
        Guid Id,
        string Name,
        IReadOnlyList<string> RecipientDepartments,
        IReadOnlyList<string> ProviderDepartments,
        bool AllProviders,
        IReadOnlyList<DataCategories> Categories,
        IReadOnlyList<string> Services,
        string Purpose,
        string LegalBasis,
        DateTime ValidFrom,
        DateTime? ValidUntil,
        bool RequiresConsent,
        AgreementStatus Status,
        bool InForce,
        DateTime UpdatedAt);

    public async Task<Outcome<IReadOnlyList<View>>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (Refused(actor) is { } refused)
        {
            return refused;
        }

        var snapshot = await catalog.GetAsync(cancellationToken);
        var agreements = await db.DataSharingAgreements.AsNoTracking().OrderBy(a => a.Name).ToListAsync(cancellationToken);
        return agreements.Select(a => ViewOf(a, snapshot, time.GetUtcNow().UtcDateTime)).ToList();
    }

    public async Task<Outcome<View>> GetAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        if (Refused(actor) is { } refused)
        {
            return refused;
        }

        var agreement = await db.DataSharingAgreements.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        return agreement is null ? OutcomeProblem.NotFound("No agreement has that id.") : ViewOf(agreement, await catalog.GetAsync(cancellationToken), time.GetUtcNow().UtcDateTime);
    }

    /// <summary>Creates an agreement (id null) or rewrites one; end one by saving it with status ended.</summary>
    public async Task<Outcome<View>> SaveAsync(Guid? id, Input input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Refused(actor) is { } refused)
        {
            return refused;
        }

        var snapshot = await catalog.GetAsync(cancellationToken);
        var errors = new ValidationErrors()
            .Text("name", input.Name, 200)
            .Text("purpose", input.Purpose, 1_000)
            .Text("legalBasis", input.LegalBasis, 1_000);
        var recipients = Departments("recipientDepartments", input.RecipientDepartments, snapshot, errors);
        if (input.RecipientDepartments is not { Count: > 0 })
        {
            errors.Add("recipientDepartments", "Name at least one department that may see the data.");
        }

        var providers = Departments("providerDepartments", input.ProviderDepartments, snapshot, errors);
        if (!input.AllProviders && input.ProviderDepartments is not { Count: > 0 })
        {
            errors.Add("providerDepartments", "Name the departments whose data is shared, or set allProviders.");
        }

        var services = new List<int>();
        foreach (var code in input.Services ?? [])
        {
            if (snapshot.ServiceByCode(code) is { } service)
            {
                services.Add(service.Id);
            }
            else
            {
                errors.Add("services", $"No service has the code '{code}'.");
            }
        }

        if (input.Categories is not { Count: > 0 } || input.Categories.Any(c => !CategoryNames.Each.Contains(c)))
        {
            errors.Add("categories", "Name one or more of contact_details, cases, sensitive_fields, notes.");
        }

        if (input.ValidFrom is null)
        {
            errors.Add("validFrom", "This field is required.");
        }
        else if (input.ValidUntil is { } until && until <= input.ValidFrom)
        {
            errors.Add("validUntil", "Must be later than validFrom.");
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var agreement = id is null ? null : await db.DataSharingAgreements.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (id is not null && agreement is null)
        {
            return OutcomeProblem.NotFound("No agreement has that id.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        agreement ??= db.DataSharingAgreements.Add(new DataSharingAgreement { Id = Guid.CreateVersion7(), Name = "", Purpose = "", LegalBasis = "", CreatedAt = now }).Entity;
        agreement.Name = input.Name!.Trim();
        agreement.RecipientDepartmentIds = recipients;
        agreement.AllProviders = input.AllProviders;
        agreement.ProviderDepartmentIds = input.AllProviders ? [] : providers;
        agreement.Categories = input.Categories!.Aggregate(DataCategories.None, (all, c) => all | c);
        agreement.ServiceIds = services;
        agreement.Purpose = input.Purpose!.Trim();
        agreement.LegalBasis = input.LegalBasis!.Trim();
        agreement.ValidFrom = DateTime.SpecifyKind(input.ValidFrom!.Value.ToUniversalTime(), DateTimeKind.Utc);
        agreement.ValidUntil = input.ValidUntil is { } end ? DateTime.SpecifyKind(end.ToUniversalTime(), DateTimeKind.Utc) : null;
        agreement.RequiresConsent = input.RequiresConsent;
        agreement.Status = input.Status ?? AgreementStatus.Draft;
        agreement.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return ViewOf(agreement, snapshot, now);
    }

    public static View ViewOf(DataSharingAgreement agreement, CatalogSnapshot.Catalog snapshot, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        ArgumentNullException.ThrowIfNull(snapshot);
        return new View(
            agreement.Id,
            agreement.Name,
            agreement.RecipientDepartmentIds.Select(d => snapshot.DepartmentById(d)?.Code ?? "").ToList(),
            agreement.ProviderDepartmentIds.Select(d => snapshot.DepartmentById(d)?.Code ?? "").ToList(),
            agreement.AllProviders,
            CategoryNames.Each.Where(c => agreement.Categories.HasFlag(c)).ToList(),
            agreement.ServiceIds.Select(s => snapshot.ServiceById(s)?.Code ?? "").ToList(),
            agreement.Purpose,
            agreement.LegalBasis,
            agreement.ValidFrom,
            agreement.ValidUntil,
            agreement.RequiresConsent,
            agreement.Status,
            agreement.AppliesAt(now),
            agreement.UpdatedAt);
    }

    private static OutcomeProblem? Refused(Actor actor) =>
        actor.IsStaff(StaffRole.Administrator) ? null : OutcomeProblem.Forbidden("Only an administrator manages data-sharing agreements.");

    private static List<int> Departments(string field, IReadOnlyList<string>? codes, CatalogSnapshot.Catalog snapshot, ValidationErrors errors)
    {
        var ids = new List<int>();
        foreach (var code in codes ?? [])
        {
            if (snapshot.DepartmentByCode(code) is { } department)
            {
                ids.Add(department.Id);
            }
            else
            {
                errors.Add(field, $"No department has the code '{code}'.");
            }
        }

        return ids.Distinct().ToList();
    }
}
