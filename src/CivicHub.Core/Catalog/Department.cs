namespace CivicHub.Core.Catalog;

/// <summary>A part of government that offers services: Tax, Health, Public Works.</summary>
public sealed class Department
{
    public int Id { get; set; }

    /// <summary>Short stable code used in APIs and configuration, such as "TAX".</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    /// <summary>Name and description in other languages (stored as JSON, one entry per language).</summary>
    public List<DepartmentTranslation> Translations { get; set; } = [];
}
