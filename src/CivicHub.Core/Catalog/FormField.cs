namespace CivicHub.Core.Catalog;

/// <summary>One question on a service's form.</summary>
public sealed class FormField
{
    /// <summary>The answer's key, such as "household_size".</summary>
    public required string Key { get; set; }

    public required string Label { get; set; }

    public FormFieldType Type { get; set; }

    public bool Required { get; set; }

    public string? Help { get; set; }

    /// <summary>The choices of a select field.</summary>
    public List<string> Options { get; set; } = [];

    public int? MaxLength { get; set; }

    /// <summary>A regular expression the answer must match, for reference numbers and the like.</summary>
    public string? Pattern { get; set; }

    /// <summary>Where "tell us once" takes the answer from the citizen's record, such as "citizen.email".</summary>
    public string? PrefillFrom { get; set; }

    /// <summary>Label, help and choices in other languages, one entry per language.</summary>
    public List<FieldTranslation> Translations { get; set; } = [];

    /// <summary>
    /// The answer is sensitive (an identifier such as an SSN, income, health or benefits details): it is encrypted at
    /// rest and shown only to staff whose access includes the sensitive-fields category.
    /// </summary>
    public bool Sensitive { get; set; }

    /// <summary>
    /// A copy of the field with these translations, every other setting kept (a copy that named each property lost
    /// <see cref="Sensitive"/> when it was added). EF Core rewrites a JSON column only when given new objects.
    /// </summary>
    public FormField WithTranslations(List<FieldTranslation> translations)
    {
        var copy = (FormField)MemberwiseClone();
        copy.Options = [.. Options];
        copy.Translations = translations;
        return copy;
    }
}
