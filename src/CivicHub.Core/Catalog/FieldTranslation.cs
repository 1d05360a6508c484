namespace CivicHub.Core.Catalog;

/// <summary>
/// A form field's texts in one more language. The choices are shown in the same order as the field's own; the answer
/// stored stays the default-language choice, so staff, rules and Open311 see one value whatever the citizen read.
/// </summary>
public sealed class FieldTranslation
{
    /// <summary>A language of <see cref="CatalogOptions.Languages"/>, such as "es".</summary>
    public required string Language { get; set; }

    public string? Label { get; set; }

    public string? Help { get; set; }

    /// <summary>The choices of a select field in this language, one for each of the field's choices, or none.</summary>
    public List<string> Options { get; set; } = [];
}
