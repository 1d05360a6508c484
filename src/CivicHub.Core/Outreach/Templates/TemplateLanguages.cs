namespace CivicHub.Core.Outreach.Templates;

/// <summary>The languages templates ship in, and how a citizen's language tag maps to one.</summary>
public static class TemplateLanguages
{
    public const string English = "en";

    public static IReadOnlyList<string> Shipped { get; } = [English, "es"];

    /// <summary>"es-MX" reads the "es" templates.</summary>
    public static string Base(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return English;
        }

        var dash = tag.IndexOf('-', StringComparison.Ordinal);
        return (dash > 0 ? tag[..dash] : tag).ToLowerInvariant();
    }
}
