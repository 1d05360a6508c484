using CivicHub.Core.Access;
using CivicHub.Core.Cases;
using CivicHub.Core.Catalog;
using CivicHub.Core.Data;
using CivicHub.Core.Privacy.Agreements;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Privacy;

/// <summary>
/// The one point where every staff and integration read asks what the actor may see. The host says who acts once
/// per scope (<see cref="ActAs"/>); a scope nobody set acts as CivicHub itself, which is what intake and the
/// background workers are. The actor's departments and the agreements in force are loaded once per scope.
/// </summary>
public sealed class RecordAccess(CivicHubDb db, CatalogSnapshot catalog, TimeProvider time)
{
    private AccessScope? _scope;
    private List<DataSharingAgreement>? _active;

    public Actor Actor { get; private set; } = Actor.System;

    public void ActAs(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Actor = actor;
        _scope = null;
        _active = null;
    }

    public async Task<AccessScope> ScopeAsync(CancellationToken cancellationToken)
    {
        if (_scope is not null)
        {
            return _scope;
        }

        if (Actor.Kind == ActorKind.System)
        {
            return _scope = AccessScope.ForSystem(Actor);
        }

        var snapshot = await catalog.GetAsync(cancellationToken);
        List<int> own = Actor switch
        {
            { Kind: ActorKind.Staff, StaffId: { } staffId } => await db.Staff.AsNoTracking()
                .Where(s => s.Id == staffId && s.Active)
                .SelectMany(s => s.Departments.Select(d => d.DepartmentId))
                .ToListAsync(cancellationToken),
            { Kind: ActorKind.Integration } when snapshot.DepartmentByCode(Actor.Department) is { } department => [department.Id],
            _ => [],
        };

        return _scope = await ScopeForAsync(Actor, own, cancellationToken);
    }

    /// <summary>The scope of another actor with known departments: a webhook subscription's owner, for the fan-out.</summary>
    public async Task<AccessScope> ScopeForAsync(Actor actor, IReadOnlyCollection<int> departments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(departments);
        var snapshot = await catalog.GetAsync(cancellationToken);

        // Agreements are few (tens); reading the active ones and deciding in memory keeps the rules in one place.
        var agreements = departments.Count == 0
            ? []
            : _active ??= await db.DataSharingAgreements.AsNoTracking().Where(a => a.Status == AgreementStatus.Active).ToListAsync(cancellationToken);
        return AccessScope.For(
            actor,
            departments,
            agreements,
            time.GetUtcNow().UtcDateTime,
            snapshot.Departments.Select(d => d.Id).ToList(),
            snapshot.Services.ToDictionary(s => s.Id, s => s.DepartmentId));
    }

    /// <summary>The cases the actor may see: every query over cases for a staff or integration read starts here.</summary>
    public async Task<IQueryable<Case>> CasesAsync(IQueryable<Case> cases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var scope = await ScopeAsync(cancellationToken);
        return scope.Unrestricted ? cases : cases.Where(scope.CaseFilter(db.CitizenConsents));
    }

    /// <summary>May the actor read this case? Null when no case has the reference.</summary>
    public async Task<AccessDecision?> CaseAsync(string? reference, CancellationToken cancellationToken)
    {
        var normalized = CaseReference.Normalize(reference);
        if (normalized is null)
        {
            return null;
        }

        var found = await db.Cases.AsNoTracking().Where(c => c.Reference == normalized)
            .Select(c => new { c.CitizenId, c.DepartmentId, c.ServiceId })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        return await DecideCaseAsync(found.CitizenId, found.DepartmentId, found.ServiceId, cancellationToken);
    }

    /// <summary>May the actor read a case already loaded?</summary>
    public async Task<AccessDecision> DecideCaseAsync(Guid citizenId, int departmentId, int? serviceId, CancellationToken cancellationToken)
    {
        var scope = await ScopeAsync(cancellationToken);
        return scope.DecideCase(departmentId, serviceId, await ConsentsAsync(scope, citizenId, cancellationToken));
    }

    /// <summary>May the actor read the sensitive answers and notes of a case (or draft) of this department and service?</summary>
    public async Task<AccessDecision> DecideSensitiveAnswersAsync(Guid citizenId, int departmentId, int? serviceId, CancellationToken cancellationToken)
    {
        var scope = await ScopeAsync(cancellationToken);
        return scope.Unrestricted
            ? AccessDecision.System
            : scope.DecideSensitiveAnswers(departmentId, serviceId, await ConsentsAsync(scope, citizenId, cancellationToken));
    }

    /// <summary>What the actor may see of one citizen.</summary>
    public async Task<CitizenAccess> CitizenAsync(Guid citizenId, CancellationToken cancellationToken)
    {
        var scope = await ScopeAsync(cancellationToken);
        var consented = await ConsentsAsync(scope, citizenId, cancellationToken);
        var departments = await db.Cases.AsNoTracking().Where(c => c.CitizenId == citizenId).Select(c => c.DepartmentId).Distinct().ToListAsync(cancellationToken);
        return scope.ForCitizen(departments, consented);
    }

    /// <summary>What the actor may see of each of several citizens (a search's results), in two queries whatever their number.</summary>
    public async Task<IReadOnlyDictionary<Guid, CitizenAccess>> CitizensAsync(IReadOnlyCollection<Guid> citizenIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(citizenIds);
        var scope = await ScopeAsync(cancellationToken);
        var departments = (await db.Cases.AsNoTracking().Where(c => citizenIds.Contains(c.CitizenId))
                .Select(c => new { c.CitizenId, c.DepartmentId }).Distinct().ToListAsync(cancellationToken))
            .ToLookup(c => c.CitizenId, c => c.DepartmentId);
        var consents = scope.NeedsConsents
            ? (await db.CitizenConsents.AsNoTracking().Where(k => citizenIds.Contains(k.CitizenId) && k.WithdrawnAt == null)
                .Select(k => new { k.CitizenId, k.AgreementId }).ToListAsync(cancellationToken)).ToLookup(k => k.CitizenId, k => k.AgreementId)
            : null;
        return citizenIds.Distinct().ToDictionary(
            id => id,
            id => scope.ForCitizen([.. departments[id]], consents is null ? [] : [.. consents[id]]));
    }

    private async Task<IReadOnlyCollection<Guid>> ConsentsAsync(AccessScope scope, Guid citizenId, CancellationToken cancellationToken) =>
        scope.NeedsConsents
            ? await db.CitizenConsents.AsNoTracking().Where(k => k.CitizenId == citizenId && k.WithdrawnAt == null).Select(k => k.AgreementId).ToListAsync(cancellationToken)
            : [];
}
