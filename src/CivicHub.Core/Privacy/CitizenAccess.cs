using CivicHub.Core.Privacy.Agreements;

namespace CivicHub.Core.Privacy;

/// <summary>
/// What an actor may see of one citizen, category by category, and what is therefore withheld. The name and case
/// references that identify a caller are always shown; interactions outside any case go with the contact details.
/// </summary>
public sealed record CitizenAccess(
    CaseVisibility Cases,
    AccessDecision ContactDetails,
    AccessDecision SensitiveFields,
    bool AllCases,
    bool Unrestricted = false)
{
    /// <summary>The categories not shown in full, as the API names them.</summary>
    public IReadOnlyList<string> Withheld
    {
        get
        {
            var withheld = new List<string>();
            if (!ContactDetails.Allowed)
            {
                withheld.Add(CategoryNames.Of(DataCategories.ContactDetails));
            }

            if (!AllCases)
            {
                withheld.Add(CategoryNames.Of(DataCategories.Cases));
            }

            if (!SensitiveFields.Allowed)
            {
                withheld.Add(CategoryNames.Of(DataCategories.SensitiveFields));
            }

            return withheld;
        }
    }
}
