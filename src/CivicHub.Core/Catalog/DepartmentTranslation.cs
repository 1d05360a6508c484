namespace CivicHub.Core.Catalog;

/// <summary>A department's texts in one more language; a text left empty shows in the default language.</summary>
public sealed class DepartmentTranslation
{
    /// <summary>A language of <see cref="CatalogOptions.Languages"/>, such as "es".</summary>
    public required string Language { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }
}
