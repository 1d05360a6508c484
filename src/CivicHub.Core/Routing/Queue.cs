namespace CivicHub.Core.Routing;

/// <summary>A list of work that a department's staff take cases from.</summary>
public sealed class Queue
{
    public int Id { get; set; }

    public int DepartmentId { get; set; }

    public required string Name { get; set; }

    /// <summary>Where the department's new cases land unless a rule says otherwise.</summary>
    public bool IsDefault { get; set; }
}
