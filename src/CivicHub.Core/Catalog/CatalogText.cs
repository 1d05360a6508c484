namespace CivicHub.Core.Catalog;

/// <summary>
/// A catalog text in the reader's language: the translation when one is written, else the default text, so a
/// missing translation never leaves a blank on the page.
/// </summary>
public static class CatalogText
{
    public static string NameIn(this Service service, string? language) =>
        Of(service.Translations, language)?.Name is { Length: > 0 } name ? name : service.Name;

    public static string? DescriptionIn(this Service service, string? language) =>
        Of(service.Translations, language)?.Description is { Length: > 0 } text ? text : service.Description;

    public static string? TopicIn(this Service service, string? language) =>
        service.Topic is null ? null : Of(service.Translations, language)?.Topic is { Length: > 0 } topic ? topic : service.Topic;

    public static string NameIn(this Department department, string? language) =>
        Of(department.Translations, language)?.Name is { Length: > 0 } name ? name : department.Name;

    public static string? DescriptionIn(this Department department, string? language) =>
        Of(department.Translations, language)?.Description is { Length: > 0 } text ? text : department.Description;

    public static string LabelIn(this FormField field, string? language) =>
        Of(field.Translations, language)?.Label is { Length: > 0 } label ? label : field.Label;

    public static string? HelpIn(this FormField field, string? language) =>
        Of(field.Translations, language)?.Help is { Length: > 0 } help ? help : field.Help;

    /// <summary>How a choice of a select field reads in the language; the value submitted stays the choice itself.</summary>
    public static string OptionIn(this FormField field, string option, string? language)
    {
        var index = field.Options.IndexOf(option);
        return index >= 0 && Of(field.Translations, language)?.Options is { } options && index < options.Count && options[index].Length > 0
            ? options[index]
            : option;
    }

    /// <summary>Every text a citizen may search a service by, in every language it is written in.</summary>
    public static IEnumerable<string> SearchableTexts(this Service service)
    {
        yield return service.Name;
        yield return service.Description ?? "";
        yield return service.Topic ?? "";
        foreach (var keyword in service.Keywords)
        {
            yield return keyword;
        }

        foreach (var translation in service.Translations ?? [])
        {
            yield return translation.Name ?? "";
            yield return translation.Description ?? "";
            yield return translation.Topic ?? "";
            foreach (var keyword in translation.Keywords)
            {
                yield return keyword;
            }
        }
    }

    // Rows written before translations existed hold no JSON: read as none.
    private static ServiceTranslation? Of(List<ServiceTranslation> translations, string? language) =>
        language is null or CatalogOptions.DefaultLanguage ? null : translations?.Find(t => t.Language == language);

    private static DepartmentTranslation? Of(List<DepartmentTranslation> translations, string? language) =>
        language is null or CatalogOptions.DefaultLanguage ? null : translations?.Find(t => t.Language == language);

    private static FieldTranslation? Of(List<FieldTranslation> translations, string? language) =>
        language is null or CatalogOptions.DefaultLanguage ? null : translations?.Find(t => t.Language == language);
}
