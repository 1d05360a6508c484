namespace CivicHub.Core.Catalog;

/// <summary>Something a department does for citizens, with the form that asks for it and the time it promises.</summary>
public sealed class Service
{
    public int Id { get; set; }

    /// <summary>Stable code used by every channel and by Open311 as service_code, such as "pothole".</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>The topic a citizen browses by, such as "Streets and transport".</summary>
    public string? Topic { get; set; }

    public int DepartmentId { get; set; }

    public Department? Department { get; set; }

    public List<string> Keywords { get; set; } = [];

    public List<FormField> Fields { get; set; } = [];

    /// <summary>How long the department promises to take, in hours from submission.</summary>
    public int SlaHours { get; set; }

    public bool Active { get; set; } = true;

    /// <summary>
    /// Requests for this service concern public places (a pothole, a dumped sofa), so they are offered and listed on
    /// the public Open311 interface; services about a person (benefits, tax) never are.
    /// </summary>
    public bool PublicRequests { get; set; }

    /// <summary>Name, description, topic and keywords in other languages (stored as JSON, one entry per language).</summary>
    public List<ServiceTranslation> Translations { get; set; } = [];
}
