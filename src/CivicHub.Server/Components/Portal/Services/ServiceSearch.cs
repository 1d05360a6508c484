using CivicHub.Core.Catalog;

namespace CivicHub.Server.Components.Portal.Services;

/// <summary>Finds services by the words a citizen types: every word must appear in the name, description or keywords.</summary>
public static class ServiceSearch
{
    public static List<Service> Find(CatalogSnapshot.Catalog catalog, string query)
    {
        var words = query.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => w.ToLowerInvariant()).Take(10).ToList();
        return catalog.Services
            .Where(s => s.Active)
            .Select(s => (Service: s, Text: string.Join(' ', [s.Name, s.Description ?? "", s.Topic ?? "", .. s.Keywords]).ToLowerInvariant()))
            .Where(s => words.All(w => s.Text.Contains(w, StringComparison.Ordinal)))
            // A match in the name is what the citizen most likely meant.
            .OrderByDescending(s => words.Count(w => s.Service.Name.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .ThenBy(s => s.Service.Name, StringComparer.Ordinal)
            .Select(s => s.Service)
            .ToList();
    }
}
