using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace CivicHub.Core.Catalog;

/// <summary>Settings of the catalog (section "Catalog"): the languages its texts may be translated into.</summary>
public sealed partial class CatalogOptions : IValidatableObject
{
    /// <summary>The language administrators write the catalog in; every text has it, translations fall back to it.</summary>
    public const string DefaultLanguage = "en";

    /// <summary>
    /// The languages besides the default that services, departments and forms may carry texts in. Adding one here
    /// (and the portal's own words in it) is all a new language needs: translations are stored per language.
    /// </summary>
    public string[] Languages { get; set; } = ["es"];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var language in Languages)
        {
            if (language is null || !LanguageTag().IsMatch(language) || language == DefaultLanguage)
            {
                yield return new ValidationResult(
                    $"Catalog:Languages: \"{language}\" is not a two- or three-letter lower-case language code other than \"{DefaultLanguage}\".",
                    [nameof(Languages)]);
            }
        }

        if (Languages.Distinct(StringComparer.Ordinal).Count() != Languages.Length)
        {
            yield return new ValidationResult("Catalog:Languages names a language twice.", [nameof(Languages)]);
        }
    }

    [GeneratedRegex("^[a-z]{2,3}$")]
    private static partial Regex LanguageTag();
}
