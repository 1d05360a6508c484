using CivicHub.Core.Catalog;
using CivicHub.Core.Privacy.Agreements;

namespace CivicHub.Core.Demo;

/// <summary>
/// The demo's data-sharing agreements: the contact centre answers for every department, and Social Services sees
/// a citizen's tax cases only when the citizen consents (benefits assessment).
/// </summary>
public static class DemoAgreements
{
    public const string ContactCentre = "311 contact centre answers for every department";
    public const string BenefitsAssessment = "Benefits assessment with tax records";

    public static IReadOnlyList<DataSharingAgreement> For(IReadOnlyDictionary<string, Department> byCode, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(byCode);
        return
        [
            new DataSharingAgreement
            {
                Id = Guid.CreateVersion7(),
                Name = ContactCentre,
                RecipientDepartmentIds = [byCode["CONTACT"].Id],
                AllProviders = true,
                Categories = DataCategories.ContactDetails | DataCategories.Cases,
                Purpose = "Answering citizens' enquiries on any channel.",
                LegalBasis = "Municipal code, chapter 2 (the 311 service answers for every department).",
                ValidFrom = now.AddYears(-1),
                Status = AgreementStatus.Active,
                CreatedAt = now,
                UpdatedAt = now,
            },
            new DataSharingAgreement
            {
                Id = Guid.CreateVersion7(),
                Name = BenefitsAssessment,
                RecipientDepartmentIds = [byCode["SOCIAL"].Id],
                ProviderDepartmentIds = [byCode["TAX"].Id],
                Categories = DataCategories.ContactDetails | DataCategories.Cases,
                Purpose = "Assessing benefits applications against the applicant's property tax records.",
                LegalBasis = "The applicant's consent.",
                ValidFrom = now.AddYears(-1),
                ValidUntil = now.AddYears(2),
                RequiresConsent = true,
                Status = AgreementStatus.Active,
                CreatedAt = now,
                UpdatedAt = now,
            },
        ];
    }
}
