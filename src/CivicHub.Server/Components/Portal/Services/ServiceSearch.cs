using CivicHub.Core.Catalog;

namespace CivicHub.Server.Components.Portal.Services;

/// <summary>
/// Finds services by the words a citizen types: every word must appear in the name, description, topic or keywords,
/// in any language the catalog is written in (a Spanish speaker may browse the English pages, and the other way round).
/// </summary>
public static class ServiceSearch
{
    public static List<Service> Find(CatalogSnapshot.Catalog catalog, string query, string language)
    {
        var words = query.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Fold).Take(10).ToList();
        return catalog.Services
            .Where(s => s.Active)
            .Select(s => (Service: s, Text: Fold(string.Join(' ', s.SearchableTexts())), Name: Fold(s.NameIn(language))))
            .Where(s => words.All(w => s.Text.Contains(w, StringComparison.Ordinal)))
            // A match in the name, as the reader sees it, is what the citizen most likely meant.
            .OrderByDescending(s => words.Count(w => s.Name.Contains(w, StringComparison.Ordinal)))
            .ThenBy(s => s.Service.NameIn(language), StringComparer.CurrentCulture)
            .Select(s => s.Service)
            .ToList();
    }

    /// <summary>Lower case without accents, so "vehiculo" finds "vehículo" and "arbol" finds "árbol".</summary>
    private static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD);
        var kept = decomposed.Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark);
        return new string(kept.ToArray()).Normalize(System.Text.NormalizationForm.FormC);
    }
}
