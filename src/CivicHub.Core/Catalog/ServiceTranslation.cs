namespace CivicHub.Core.Catalog;

/// <summary>A service's texts in one more language; a text left empty shows in the default language.</summary>
public sealed class ServiceTranslation
{
    /// <summary>A language of <see cref="CatalogOptions.Languages"/>, such as "es".</summary>
    public required string Language { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    public string? Topic { get; set; }

    /// <summary>Words citizens writing this language search with; they add to the default keywords.</summary>
    public List<string> Keywords { get; set; } = [];
}
