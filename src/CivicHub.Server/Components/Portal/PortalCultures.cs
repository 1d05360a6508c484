using System.Globalization;

namespace CivicHub.Server.Components.Portal;

/// <summary>The languages the portal is written in.</summary>
public static class PortalCultures
{
    public const string Default = "en";

    public static IReadOnlyList<string> Supported { get; } = ["en", "es"];

    /// <summary>The language a citizen's preference maps to: one the portal speaks, else English.</summary>
    public static string Nearest(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return Default;
        }

        var language = tag.Split('-')[0].ToLowerInvariant();
        return Supported.Contains(language) ? language : Default;
    }

    /// <summary>The language of the page being written, for the catalog's texts (see CatalogText).</summary>
    public static string Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    /// <summary>A language's name in itself ("Español"), as a language switch shows it.</summary>
    public static string NativeName(string culture)
    {
        var native = CultureInfo.GetCultureInfo(culture).NativeName;
        return char.ToUpper(native[0], CultureInfo.GetCultureInfo(culture)) + native[1..];
    }
}
