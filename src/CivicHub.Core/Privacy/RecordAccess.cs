using System.Data.Common;
using CivicHub.Core.Access;
using CivicHub.Core.Cases;
using CivicHub.Core.Catalog;
using CivicHub.Core.Data;
using CivicHub.Core.Privacy.Agreements;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace CivicHub.Core.Privacy;

/// <summary>
/// The one point where every staff and integration read asks what the actor may see. The host says who acts once
/// per scope (<see cref="ActAs"/>); a scope nobody set acts as CivicHub itself, which is what intake and the
/// background workers are. Who acts (<see cref="ActingAsync"/>: the actor's departments) is read once per scope and
/// shared with the audit entries of the same request; the agreements come from memory (<see cref="AgreementSnapshot"/>).
/// </summary>
public sealed class RecordAccess(CivicHubDb db, CatalogSnapshot catalog, AgreementSnapshot agreements, ActingMemory memory, TimeProvider time)
{
    private ActingParty? _acting;
    private AccessScope? _scope;

    // The scope a guess was made with (remembered departments), kept to serve as the scope when the read confirms them.
    private AccessScope? _guessed;

    public Actor Actor { get; private set; } = Actor.System;

    public void ActAs(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor == Actor)
        {
            // The same actor again (a hub call that acts and then names its audit source): keep what was read.
            return;
        }

        Actor = actor;
        _acting = null;
        _scope = null;
        _guessed = null;
    }

    /// <summary>
    /// Who acts and for which departments, read at most once per scope. A member of staff's departments are read
    /// from the database on each request, not kept between requests, so taking someone out of a department (or
    /// deactivating them) stops what they see at once, on every host; an inactive member acts for no department.
    /// </summary>
    public async ValueTask<ActingParty> ActingAsync(CancellationToken cancellationToken)
    {
        if (_acting is not null)
        {
            return _acting;
        }

        var snapshot = await catalog.GetAsync(cancellationToken);
        if (Actor is { Kind: ActorKind.Staff, StaffId: { } staffId })
        {
            return Acted(staffId, await StaffDepartments(staffId).ToListAsync(cancellationToken), snapshot);
        }

        List<int> own = Actor.Kind == ActorKind.Integration && snapshot.DepartmentByCode(Actor.Department) is { } department ? [department.Id] : [];
        return _acting = Acting(own, snapshot);
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

        var acting = await ActingAsync(cancellationToken);
        return _scope = _guessed is { } guessed && guessed.OwnDepartments.SetEquals(acting.DepartmentIds)
            ? guessed
            : await ScopeForAsync(Actor, acting.DepartmentIds, cancellationToken);
    }

    /// <summary>The scope of another actor with known departments: a webhook subscription's owner, for the fan-out.</summary>
    public async Task<AccessScope> ScopeForAsync(Actor actor, IReadOnlyCollection<int> departments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(departments);
        var snapshot = await catalog.GetAsync(cancellationToken);

        // Agreements are few (tens) and kept in memory; deciding in memory keeps the rules in one place.
        var active = departments.Count == 0 ? [] : await agreements.ActiveAsync(cancellationToken);
        return AccessScope.For(
            actor,
            departments,
            active,
            time.GetUtcNow().UtcDateTime,
            snapshot.DepartmentIds,
            snapshot.ServiceDepartments);
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

    /// <summary>
    /// What the actor may see of one citizen. One round trip reads the departments the citizen has cases with and the
    /// citizen's consents and, on a request's first read by a member of staff, who acts as well.
    /// </summary>
    public async Task<CitizenAccess> CitizenAsync(Guid citizenId, CancellationToken cancellationToken)
    {
        if (Actor.Kind == ActorKind.System)
        {
            return (await ScopeAsync(cancellationToken)).ForCitizen([], []);
        }

        var read = new List<AccessFact>();
        var facts = _acting is null && Actor is { Kind: ActorKind.Staff, StaffId: { } staffId }
            ? FactsWithStaff.For(db)(db, citizenId, staffId)
            : Facts.For(db)(db, citizenId);
        await foreach (var fact in facts.WithCancellation(cancellationToken))
        {
            read.Add(fact);
        }

        return await DecideAsync(read, cancellationToken);
    }

    /// <summary>
    /// A guess at what the actor may see of a citizen, for a statement sent in the same round trip as the citizen's
    /// facts (<see cref="CitizenFactsCommand"/>); null for CivicHub itself, which reads no facts, and for a member of
    /// staff whose departments this process has not read yet.
    /// </summary>
    public async ValueTask<CitizenReadAccess?> GuessCitizenAsync(CancellationToken cancellationToken)
    {
        if (Actor.Kind == ActorKind.System)
        {
            return null;
        }

        if (_acting is null && Actor is { Kind: ActorKind.Staff, StaffId: { } staffId })
        {
            if (memory.Of(staffId) is not { } remembered)
            {
                return null;
            }

            _guessed = await ScopeForAsync(Actor, remembered, cancellationToken);
            return _guessed.GuessWithoutConsents();
        }

        // Who acts is known already, or known without the database (an integration's department is in its token).
        return (await ScopeAsync(cancellationToken)).GuessWithoutConsents();
    }

    /// <summary>
    /// The facts <see cref="CitizenAsync"/> reads, as a command for a PostgreSQL batch: the citizen's case departments
    /// and consents and, while who acts is not known yet, the member of staff's departments. The batch's reader, at
    /// this command's result, goes to <see cref="CitizenFromFactsAsync"/>.
    /// </summary>
    public NpgsqlBatchCommand CitizenFactsCommand(Guid citizenId)
    {
        var command = new NpgsqlBatchCommand(FactsSql);
        command.Parameters.Add(new NpgsqlParameter { Value = citizenId });
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Uuid,
            Value = _acting is null && Actor is { Kind: ActorKind.Staff, StaffId: { } staffId } ? staffId : DBNull.Value,
        });
        return command;
    }

    /// <summary>What the actor may see of the citizen, decided as <see cref="CitizenAsync"/> does from the facts the reader is at.</summary>
    public async Task<CitizenAccess> CitizenFromFactsAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var read = new List<AccessFact>();
        while (await reader.ReadAsync(cancellationToken))
        {
            read.Add(new AccessFact { Kind = reader.GetInt32(0), Department = reader.GetInt32(1), Agreement = reader.IsDBNull(2) ? null : reader.GetGuid(2) });
        }

        return await DecideAsync(read, cancellationToken);
    }

    private async Task<CitizenAccess> DecideAsync(List<AccessFact> read, CancellationToken cancellationToken)
    {
        if (_acting is null && Actor is { Kind: ActorKind.Staff, StaffId: { } staffId })
        {
            Acted(staffId, read.Where(f => f.Kind == OwnDepartment).Select(f => f.Department), await catalog.GetAsync(cancellationToken));
        }

        var scope = await ScopeAsync(cancellationToken);
        var departments = read.Where(f => f.Kind == CaseDepartment).Select(f => f.Department).ToList();
        var consented = scope.NeedsConsents ? read.Where(f => f.Kind == Consent).Select(f => f.Agreement!.Value).ToList() : [];
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

    // What one row of the citizen's access facts says (see CitizenAsync).
    private const int CaseDepartment = 0;
    private const int Consent = 1;
    private const int OwnDepartment = 2;

    // Compiled once (per model): one of these runs on nearly every read of a citizen.
    private static readonly CompiledPerModel<Func<CivicHubDb, Guid, IAsyncEnumerable<AccessFact>>> Facts = new(() => EF.CompileAsyncQuery(
        (CivicHubDb db, Guid citizenId) => db.Cases.Where(c => c.CitizenId == citizenId).Select(c => c.DepartmentId).Distinct()
            .Select(d => new AccessFact { Kind = CaseDepartment, Department = d, Agreement = null })
            .Concat(db.CitizenConsents.Where(k => k.CitizenId == citizenId && k.WithdrawnAt == null)
                .Select(k => new AccessFact { Kind = Consent, Department = 0, Agreement = k.AgreementId }))));

    private static readonly CompiledPerModel<Func<CivicHubDb, Guid, Guid, IAsyncEnumerable<AccessFact>>> FactsWithStaff = new(() => EF.CompileAsyncQuery(
        (CivicHubDb db, Guid citizenId, Guid staffId) => db.Cases.Where(c => c.CitizenId == citizenId).Select(c => c.DepartmentId).Distinct()
            .Select(d => new AccessFact { Kind = CaseDepartment, Department = d, Agreement = null })
            .Concat(db.CitizenConsents.Where(k => k.CitizenId == citizenId && k.WithdrawnAt == null)
                .Select(k => new AccessFact { Kind = Consent, Department = 0, Agreement = k.AgreementId }))
            .Concat(db.Staff.Where(s => s.Id == staffId && s.Active).SelectMany(s => s.Departments.Select(m => m.DepartmentId))
                .Select(d => new AccessFact { Kind = OwnDepartment, Department = d, Agreement = null }))));

    // What Facts and FactsWithStaff read, for a batch: $2 is null once who acts is known. DISTINCT is the first SELECT's.
    private const string FactsSql = """
        SELECT DISTINCT 0, c."DepartmentId", NULL::uuid FROM "Cases" AS c WHERE c."CitizenId" = $1
        UNION ALL
        SELECT 1, 0, k."AgreementId" FROM "CitizenConsents" AS k WHERE k."CitizenId" = $1 AND k."WithdrawnAt" IS NULL
        UNION ALL
        SELECT 2, m."DepartmentId", NULL::uuid
          FROM "Staff" AS s JOIN "StaffDepartment" AS m ON m."StaffId" = s."Id"
         WHERE s."Id" = $2 AND s."Active"
        """;

    private IQueryable<int> StaffDepartments(Guid staffId) =>
        db.Staff.AsNoTracking().Where(s => s.Id == staffId && s.Active).SelectMany(s => s.Departments.Select(d => d.DepartmentId));

    /// <summary>Who acts, as just read for a member of staff, remembered for the guesses of later requests.</summary>
    private ActingParty Acted(Guid staffId, IEnumerable<int> departments, CatalogSnapshot.Catalog snapshot)
    {
        _acting = Acting(departments, snapshot);
        memory.Remember(staffId, _acting.DepartmentIds);
        return _acting;
    }

    private ActingParty Acting(IEnumerable<int> departments, CatalogSnapshot.Catalog snapshot)
    {
        var ids = departments.Distinct().Order().ToList();
        var codes = ids.Select(id => snapshot.DepartmentById(id)?.Code).OfType<string>().Order(StringComparer.Ordinal).ToList();
        return new ActingParty(Actor, ids, codes);
    }

    /// <summary>One row of what decides a read of a citizen: a department of theirs, a consent, or one of the actor's departments.</summary>
    private sealed class AccessFact
    {
        public int Kind { get; init; }

        public int Department { get; init; }

        public Guid? Agreement { get; init; }
    }
}
