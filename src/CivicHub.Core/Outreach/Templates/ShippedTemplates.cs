using System.Text.Json;

namespace CivicHub.Core.Outreach.Templates;

/// <summary>The default templates that ship inside CivicHub (Outreach/Templates/DefaultTemplates.json).</summary>
public static class ShippedTemplates
{
    private sealed record Entry(string? Subject, string Body, string? Html);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Lazy<Dictionary<(string Kind, string Variant, string Language), TemplateSource>> Loaded = new(Load);

    public static IEnumerable<TemplateSource> All => Loaded.Value.Values;

    public static TemplateSource? Find(string kind, string variant, string language) =>
        Loaded.Value.GetValueOrDefault((kind, variant, language));

    private static Dictionary<(string, string, string), TemplateSource> Load()
    {
        using var stream = typeof(ShippedTemplates).Assembly.GetManifestResourceStream("CivicHub.Core.Outreach.DefaultTemplates.json")
            ?? throw new InvalidOperationException("The default templates are missing from the assembly.");
        var document = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, Dictionary<string, Entry>>>>(
            stream, Json)!;
        var all = new Dictionary<(string, string, string), TemplateSource>();
        foreach (var (kind, variants) in document)
        {
            foreach (var (variant, languages) in variants)
            {
                foreach (var (language, entry) in languages)
                {
                    all[(kind, variant, language)] = new TemplateSource(kind, variant, language, entry.Subject, entry.Body, entry.Html);
                }
            }
        }

        return all;
    }
}
