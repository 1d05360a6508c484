using CivicHub.Core.Access;
using CivicHub.Core.Privacy;
using CivicHub.Core.Privacy.Agreements;
using CivicHub.Core.Staff;

namespace CivicHub.Core.Tests.Privacy;

/// <summary>The rules of who may see what, without a database: departments 1 CONTACT, 2 TAX, 3 SOCIAL, 4 HEALTH.</summary>
public sealed class AccessScopeTests
{
    private const int Contact = 1, Tax = 2, Social = 3, Health = 4;
    private const int TaxBillService = 20, TaxExemptionService = 21, RodentService = 40;
    private static readonly DateTime Now = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);
    private static readonly Actor Caseworker = new(ActorKind.Staff, Guid.NewGuid().ToString(), "Sam", StaffRole.Caseworker);

    private static readonly Dictionary<int, int> ServiceDepartments = new()
    {
        [TaxBillService] = Tax,
        [TaxExemptionService] = Tax,
        [RodentService] = Health,
    };

    private static AccessScope Scope(int[] own, params DataSharingAgreement[] agreements) =>
        AccessScope.For(Caseworker, own, agreements, Now, [Contact, Tax, Social, Health], ServiceDepartments);

    private static DataSharingAgreement Agreement(int recipient, int[] providers, DataCategories categories = DataCategories.Cases | DataCategories.ContactDetails,
        bool consent = false, AgreementStatus status = AgreementStatus.Active, DateTime? until = null, int[]? services = null) => new()
        {
            Id = Guid.NewGuid(),
            Name = $"Agreement {Guid.NewGuid():N}",
            RecipientDepartmentIds = [recipient],
            ProviderDepartmentIds = [.. providers],
            AllProviders = providers.Length == 0,
            Categories = categories,
            ServiceIds = [.. services ?? []],
            Purpose = "Assessing benefits",
            LegalBasis = "Consent",
            ValidFrom = Now.AddDays(-30),
            ValidUntil = until,
            RequiresConsent = consent,
            Status = status,
        };

    [Fact]
    public void Own_department_cases_are_always_visible_without_any_agreement()
    {
        var decision = Scope([Tax]).DecideCase(Tax, TaxBillService, []);
        Assert.True(decision.Allowed);
        Assert.Null(decision.AgreementId);
    }

    [Fact]
    public void Sensitive_answers_of_a_case_need_its_own_department_or_an_agreement_covering_sensitive_fields_for_it()
    {
        var casesOnly = Agreement(Contact, [], DataCategories.Cases | DataCategories.ContactDetails);
        Assert.True(Scope([Contact], casesOnly).DecideCase(Social, null, []).Allowed);
        Assert.False(Scope([Contact], casesOnly).DecideSensitiveAnswers(Social, null, []).Allowed);
        Assert.True(Scope([Social]).DecideSensitiveAnswers(Social, null, []).Allowed);

        var sensitive = Agreement(Social, [Tax], DataCategories.Cases | DataCategories.SensitiveFields, consent: true);
        Assert.False(Scope([Social], sensitive).DecideSensitiveAnswers(Tax, TaxBillService, []).Allowed);
        var decision = Scope([Social], sensitive).DecideSensitiveAnswers(Tax, TaxBillService, [sensitive.Id]);
        Assert.True(decision.Allowed);
        Assert.Equal(sensitive.Id, decision.AgreementId);
        Assert.False(Scope([Social], sensitive).DecideSensitiveAnswers(Health, RodentService, [sensitive.Id]).Allowed);
    }

    [Fact]
    public void Another_departments_case_is_hidden_without_an_agreement()
    {
        var decision = Scope([Social]).DecideCase(Tax, TaxBillService, []);
        Assert.False(decision.Allowed);
    }

    [Fact]
    public void An_active_agreement_naming_the_department_opens_the_providers_cases_and_says_why()
    {
        var agreement = Agreement(Social, [Tax]);
        var decision = Scope([Social], agreement).DecideCase(Tax, TaxBillService, []);
        Assert.Equal(new AccessDecision(true, agreement.Purpose, agreement.Id, agreement.LegalBasis), decision);
        Assert.False(Scope([Social], agreement).DecideCase(Health, RodentService, []).Allowed);
    }

    [Fact]
    public void An_agreement_for_all_providers_opens_every_department()
    {
        var scope = Scope([Contact], Agreement(Contact, []));
        Assert.All(new[] { Tax, Social, Health }, d => Assert.True(scope.DecideCase(d, null, []).Allowed));
    }

    [Fact]
    public void An_agreement_for_other_recipients_opens_nothing()
    {
        Assert.False(Scope([Health], Agreement(Social, [Tax])).DecideCase(Tax, TaxBillService, []).Allowed);
    }

    [Theory]
    [InlineData(AgreementStatus.Draft)]
    [InlineData(AgreementStatus.Ended)]
    public void Only_an_active_agreement_shares(AgreementStatus status)
    {
        Assert.False(Scope([Social], Agreement(Social, [Tax], status: status)).DecideCase(Tax, TaxBillService, []).Allowed);
    }

    [Fact]
    public void An_agreement_past_its_end_shares_nothing_and_one_not_yet_begun_neither()
    {
        Assert.False(Scope([Social], Agreement(Social, [Tax], until: Now)).DecideCase(Tax, TaxBillService, []).Allowed);
        var future = Agreement(Social, [Tax]);
        future.ValidFrom = Now.AddDays(1);
        Assert.False(Scope([Social], future).DecideCase(Tax, TaxBillService, []).Allowed);
    }

    [Fact]
    public void A_consent_agreement_shares_only_the_cases_of_citizens_who_consented()
    {
        var agreement = Agreement(Social, [Tax], consent: true);
        var scope = Scope([Social], agreement);
        Assert.False(scope.DecideCase(Tax, TaxBillService, []).Allowed);
        Assert.True(scope.DecideCase(Tax, TaxBillService, [agreement.Id]).Allowed);
        Assert.True(scope.NeedsConsents);
    }

    [Fact]
    public void A_service_limited_agreement_opens_only_those_services_of_its_providers()
    {
        var scope = Scope([Social], Agreement(Social, [Tax], services: [TaxExemptionService]));
        Assert.True(scope.DecideCase(Tax, TaxExemptionService, []).Allowed);
        Assert.False(scope.DecideCase(Tax, TaxBillService, []).Allowed);
        var visible = scope.CasesFor([]);
        Assert.Equal([Social], visible.DepartmentIds);
        Assert.Equal([TaxExemptionService], visible.ServiceIds);
    }

    [Fact]
    public void A_category_the_agreement_does_not_name_stays_withheld()
    {
        var scope = Scope([Social], Agreement(Social, [Tax], DataCategories.ContactDetails));
        Assert.False(scope.DecideCase(Tax, TaxBillService, []).Allowed);
        Assert.True(scope.DecideContactDetails([Tax], []).Allowed);
        Assert.False(scope.DecideSensitiveFields([Tax], []).Allowed);
    }

    [Fact]
    public void Contact_details_show_to_a_department_with_a_case_of_the_citizen_and_to_no_other()
    {
        Assert.True(Scope([Tax]).DecideContactDetails([Tax, Health], []).Allowed);
        Assert.False(Scope([Social]).DecideContactDetails([Tax, Health], []).Allowed);
        Assert.False(Scope([Social], Agreement(Social, [Health])).DecideContactDetails([Tax], []).Allowed);
    }

    [Fact]
    public void A_citizen_view_lists_the_categories_it_withholds()
    {
        var access = Scope([Social]).ForCitizen([Tax], []);
        Assert.Equal(["contact_details", "cases", "sensitive_fields"], access.Withheld);
        Assert.Empty(Scope([Tax]).ForCitizen([Tax], []).Withheld);
    }

    [Fact]
    public void An_administrator_without_a_department_sees_no_case_and_no_contact_details()
    {
        var admin = AccessScope.For(new Actor(ActorKind.Staff, Guid.NewGuid().ToString(), "Morgan", StaffRole.Administrator), [], [Agreement(Contact, [])], Now,
            [Contact, Tax], ServiceDepartments);
        Assert.False(admin.DecideCase(Tax, null, []).Allowed);
        Assert.False(admin.DecideContactDetails([Tax], []).Allowed);
        Assert.Empty(admin.Agreements);
    }

    [Fact]
    public void The_system_sees_everything()
    {
        var system = AccessScope.For(Actor.System, [], [], Now, [Contact, Tax], ServiceDepartments);
        Assert.True(system.Unrestricted);
        Assert.True(system.DecideCase(Tax, null, []).Allowed);
        Assert.True(system.ForCitizen([Tax], []).Unrestricted);
    }

    public static TheoryData<string> GuessedScopes => ["own only", "agreement with some providers", "agreement with all providers", "consent agreement", "cases only agreement", "no department", "system"];

    [Theory]
    [MemberData(nameof(GuessedScopes))]
    public void A_guess_made_before_the_facts_agrees_with_the_decision_for_a_citizen_who_consented_to_nothing(string name)
    {
        var scope = name switch
        {
            "own only" => Scope([Tax]),
            "agreement with some providers" => Scope([Social], Agreement(Social, [Tax, Health])),
            "agreement with all providers" => Scope([Social], Agreement(Social, [])),
            "consent agreement" => Scope([Social], Agreement(Social, [Tax], consent: true)),
            "cases only agreement" => Scope([Social], Agreement(Social, [Tax], DataCategories.Cases)),
            "no department" => Scope([]),
            _ => AccessScope.For(Actor.System, [], [], Now, [Contact, Tax, Social, Health], ServiceDepartments),
        };
        var guess = scope.GuessWithoutConsents();

        // Every set of departments the citizen could have cases in.
        int[] departments = [Contact, Tax, Social, Health];
        for (var mask = 0; mask < 1 << departments.Length; mask++)
        {
            var caseDepartments = departments.Where((_, i) => (mask & (1 << i)) != 0).ToList();
            var decided = scope.ForCitizen(caseDepartments, []);
            var shown = guess.ContactAlways || caseDepartments.Any(guess.ContactIfCaseIn.Contains);
            Assert.True(guess.Agrees(decided, shown), $"{name}, cases in [{string.Join(", ", caseDepartments)}]");
            Assert.False(guess.Agrees(decided, !shown));
        }
    }

    [Fact]
    public void A_guess_does_not_agree_with_a_decision_that_a_consent_changed()
    {
        var scope = Scope([Social], Agreement(Social, [Tax], consent: true));
        var consenting = scope.ForCitizen([Tax], [scope.Agreements[0].Id]);

        Assert.False(scope.GuessWithoutConsents().Agrees(consenting, contactDetailsShown: false));
        Assert.True(CitizenReadAccess.Decided(consenting).Agrees(consenting, contactDetailsShown: true));
    }
}
