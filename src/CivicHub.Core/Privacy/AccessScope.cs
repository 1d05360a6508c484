using System.Linq.Expressions;
using CivicHub.Core.Access;
using CivicHub.Core.Cases;
using CivicHub.Core.Privacy.Agreements;

namespace CivicHub.Core.Privacy;

/// <summary>
/// The rules of who may see what, for one actor at one moment: their own departments' cases always; another
/// department's data only through an agreement in force that names one of their departments as a recipient, and
/// the citizen's consent where the agreement needs it. Pure, so the rules are unit-tested without a database;
/// <see cref="RecordAccess"/> builds it once per request.
/// </summary>
public sealed class AccessScope
{
    private readonly HashSet<int> _own;
    private readonly List<DataSharingAgreement> _agreements;
    private readonly IReadOnlyList<int> _allDepartments;
    private readonly IReadOnlyDictionary<int, int> _serviceDepartments;

    private AccessScope(Actor actor, bool unrestricted, IEnumerable<int> own, IEnumerable<DataSharingAgreement> agreements,
        IReadOnlyList<int> allDepartments, IReadOnlyDictionary<int, int> serviceDepartments)
    {
        Actor = actor;
        Unrestricted = unrestricted;
        _own = [.. own];
        _agreements = [.. agreements];
        _allDepartments = allDepartments;
        _serviceDepartments = serviceDepartments;
    }

    public Actor Actor { get; }

    /// <summary>CivicHub itself (intake, workers): it sees everything it processes.</summary>
    public bool Unrestricted { get; }

    public IReadOnlySet<int> OwnDepartments => _own;

    /// <summary>The agreements in force that name one of the actor's departments.</summary>
    public IReadOnlyList<DataSharingAgreement> Agreements => _agreements;

    public static AccessScope ForSystem(Actor actor) => new(actor, true, [], [], [], new Dictionary<int, int>());

    /// <param name="actor">Who reads.</param>
    /// <param name="ownDepartments">The departments the actor belongs to (none for administrators without one).</param>
    /// <param name="agreements">Every agreement; those not in force or not naming the actor's departments are dropped.</param>
    /// <param name="now">The moment of the read.</param>
    /// <param name="allDepartments">Every department's id, for agreements that open all providers.</param>
    /// <param name="serviceDepartments">Each service's department, to keep a service-limited agreement within its providers.</param>
    public static AccessScope For(Actor actor, IReadOnlyCollection<int> ownDepartments, IEnumerable<DataSharingAgreement> agreements, DateTime now,
        IReadOnlyList<int> allDepartments, IReadOnlyDictionary<int, int> serviceDepartments)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(ownDepartments);
        ArgumentNullException.ThrowIfNull(agreements);
        if (actor.Kind == ActorKind.System)
        {
            return ForSystem(actor);
        }

        var applying = agreements.Where(a => a.AppliesAt(now) && a.RecipientDepartmentIds.Any(ownDepartments.Contains)).OrderBy(a => a.Name, StringComparer.Ordinal);
        return new AccessScope(actor, false, ownDepartments, applying, allDepartments, serviceDepartments);
    }

    /// <summary>Whether any agreement in scope waits on a citizen's consent (only then are consents worth reading).</summary>
    public bool NeedsConsents => _agreements.Any(a => a.RequiresConsent);

    /// <summary>May the actor read a case of this department and service, given the agreements the citizen consented to?</summary>
    public AccessDecision DecideCase(int departmentId, int? serviceId, IReadOnlyCollection<Guid> consented)
    {
        ArgumentNullException.ThrowIfNull(consented);
        if (Unrestricted)
        {
            return AccessDecision.System;
        }

        if (_own.Contains(departmentId))
        {
            return AccessDecision.OwnDepartment;
        }

        var agreement = _agreements.FirstOrDefault(a => a.Categories.HasFlag(DataCategories.Cases) && a.Opens(departmentId, serviceId) && Consented(a, consented));
        return agreement is null ? AccessDecision.Denied : AccessDecision.Under(agreement);
    }

    /// <summary>
    /// May the actor read a citizen's identities, addresses and date of birth? Departments with a case of the
    /// citizen may; others through a ContactDetails agreement whose providers hold a case of the citizen (or all).
    /// </summary>
    public AccessDecision DecideContactDetails(IReadOnlyCollection<int> citizenCaseDepartments, IReadOnlyCollection<Guid> consented) =>
        DecideAboutCitizen(DataCategories.ContactDetails, citizenCaseDepartments, consented);

    /// <summary>May the actor read demographics and sensitive answers: as for contact details, under the SensitiveFields category.</summary>
    public AccessDecision DecideSensitiveFields(IReadOnlyCollection<int> citizenCaseDepartments, IReadOnlyCollection<Guid> consented) =>
        DecideAboutCitizen(DataCategories.SensitiveFields, citizenCaseDepartments, consented);

    /// <summary>
    /// May the actor read the sensitive answers and sensitive notes of a case (or draft) of this department and
    /// service? Staff of the case's own department may; another department only through an agreement in force that
    /// covers the SensitiveFields category for that department (and service), with consent where it asks. Seeing the
    /// case under a Cases agreement is not enough.
    /// </summary>
    public AccessDecision DecideSensitiveAnswers(int departmentId, int? serviceId, IReadOnlyCollection<Guid> consented)
    {
        ArgumentNullException.ThrowIfNull(consented);
        if (Unrestricted)
        {
            return AccessDecision.System;
        }

        if (_own.Contains(departmentId))
        {
            return AccessDecision.OwnDepartment;
        }

        var agreement = _agreements.FirstOrDefault(a => a.Categories.HasFlag(DataCategories.SensitiveFields) && a.Opens(departmentId, serviceId) && Consented(a, consented));
        return agreement is null ? AccessDecision.Denied : AccessDecision.Under(agreement);
    }

    /// <summary>Everything the actor may see of one citizen, with the citizen's case departments and consents.</summary>
    public CitizenAccess ForCitizen(IReadOnlyCollection<int> citizenCaseDepartments, IReadOnlyCollection<Guid> consented)
    {
        ArgumentNullException.ThrowIfNull(citizenCaseDepartments);
        return new CitizenAccess(
            CasesFor(consented),
            DecideContactDetails(citizenCaseDepartments, consented),
            DecideSensitiveFields(citizenCaseDepartments, consented),
            AllCases: citizenCaseDepartments.All(d => DecideCase(d, null, consented).Allowed),
            Unrestricted);
    }

    /// <summary>
    /// A guess at what the actor may see of a citizen, before the citizen's facts are read: it assumes no consents and
    /// leaves the contact details as a test on the citizen's case departments, the rule of
    /// <see cref="DecideContactDetails"/> when no consent is given.
    /// </summary>
    public CitizenReadAccess GuessWithoutConsents()
    {
        if (Unrestricted)
        {
            return new CitizenReadAccess(CasesFor([]), true, ContactAlways: true, []);
        }

        var opening = _agreements.Where(a => a.Categories.HasFlag(DataCategories.ContactDetails) && !a.RequiresConsent).ToList();
        var caseIn = new HashSet<int>(_own);
        foreach (var agreement in opening.Where(a => !a.AllProviders))
        {
            caseIn.UnionWith(agreement.ProviderDepartmentIds);
        }

        return new CitizenReadAccess(CasesFor([]), false, opening.Any(a => a.AllProviders), [.. caseIn.Order()]);
    }

    /// <summary>The cases of a citizen with these consents, as sets a query can test.</summary>
    public CaseVisibility CasesFor(IReadOnlyCollection<Guid> consented)
    {
        ArgumentNullException.ThrowIfNull(consented);
        if (Unrestricted)
        {
            return new CaseVisibility(_allDepartments, []);
        }

        var departments = new HashSet<int>(_own);
        var services = new HashSet<int>();
        foreach (var agreement in _agreements.Where(a => a.Categories.HasFlag(DataCategories.Cases) && Consented(a, consented)))
        {
            var providers = agreement.AllProviders ? _allDepartments : agreement.ProviderDepartmentIds;
            if (agreement.ServiceIds.Count == 0)
            {
                departments.UnionWith(providers);
            }
            else
            {
                services.UnionWith(agreement.ServiceIds.Where(s => _serviceDepartments.TryGetValue(s, out var d) && providers.Contains(d)));
            }
        }

        return new CaseVisibility([.. departments.Order()], [.. services.Order()]);
    }

    /// <summary>
    /// The cases the actor may see across citizens, as a filter for a query over cases: consent-based agreements
    /// test the consents table in the same statement.
    /// </summary>
    public Expression<Func<Case, bool>> CaseFilter(IQueryable<CitizenConsent> consents)
    {
        if (Unrestricted)
        {
            return c => true;
        }

        var filter = CasesFor([]).Filter();
        foreach (var agreement in _agreements.Where(a => a.RequiresConsent && a.Categories.HasFlag(DataCategories.Cases)))
        {
            var agreementId = agreement.Id;
            var opened = new CaseVisibility(
                agreement.ServiceIds.Count == 0 ? (agreement.AllProviders ? _allDepartments : agreement.ProviderDepartmentIds) : [],
                agreement.ServiceIds.Where(s => _serviceDepartments.TryGetValue(s, out var d) && (agreement.AllProviders || agreement.ProviderDepartmentIds.Contains(d))).ToList())
                .Filter();
            Expression<Func<Case, bool>> consented = c => consents.Any(k => k.CitizenId == c.CitizenId && k.AgreementId == agreementId && k.WithdrawnAt == null);
            filter = filter.Or(opened.And(consented));
        }

        return filter;
    }

    private AccessDecision DecideAboutCitizen(DataCategories category, IReadOnlyCollection<int> citizenCaseDepartments, IReadOnlyCollection<Guid> consented)
    {
        ArgumentNullException.ThrowIfNull(citizenCaseDepartments);
        ArgumentNullException.ThrowIfNull(consented);
        if (Unrestricted)
        {
            return AccessDecision.System;
        }

        if (citizenCaseDepartments.Any(_own.Contains))
        {
            return AccessDecision.OwnDepartment;
        }

        var agreement = _agreements.FirstOrDefault(a => a.Categories.HasFlag(category)
            && (a.AllProviders || citizenCaseDepartments.Any(a.ProviderDepartmentIds.Contains))
            && Consented(a, consented));
        return agreement is null ? AccessDecision.Denied : AccessDecision.Under(agreement);
    }

    private static bool Consented(DataSharingAgreement agreement, IReadOnlyCollection<Guid> consented) =>
        !agreement.RequiresConsent || consented.Contains(agreement.Id);
}
