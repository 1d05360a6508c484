using System.Globalization;
using CivicHub.Core.Outcomes;

namespace CivicHub.Core.Citizens;

/// <summary>Checks the language tags citizens choose.</summary>
public static class Languages
{
    public static string Validate(string? tag, ValidationErrors errors, string field)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return "en";
        }

        try
        {
            if (tag.Length <= 16 && !CultureInfo.GetCultureInfo(tag, predefinedOnly: true).Equals(CultureInfo.InvariantCulture))
            {
                return tag;
            }
        }
        catch (CultureNotFoundException)
        {
        }

        errors.Add(field, "Must be a language tag such as \"en\" or \"es\".");
        return "en";
    }
}
