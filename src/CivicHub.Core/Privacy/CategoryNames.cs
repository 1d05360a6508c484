using CivicHub.Core.Privacy.Agreements;

namespace CivicHub.Core.Privacy;

/// <summary>The names the API and pages use for the data categories (snake_case, like every enum in the API).</summary>
public static class CategoryNames
{
    public static string Of(DataCategories category) => category switch
    {
        DataCategories.ContactDetails => "contact_details",
        DataCategories.Cases => "cases",
        DataCategories.SensitiveFields => "sensitive_fields",
        DataCategories.Notes => "notes",
        _ => category.ToString().ToLowerInvariant(),
    };

    public static IReadOnlyList<DataCategories> Each { get; } =
        [DataCategories.ContactDetails, DataCategories.Cases, DataCategories.SensitiveFields, DataCategories.Notes];

    public static IReadOnlyList<string> All(DataCategories categories) =>
        Each.Where(c => categories.HasFlag(c)).Select(Of).ToList();
}
