namespace CivicHub.Core.Staff;

/// <summary>A staff member's membership of a department.</summary>
public sealed class StaffDepartment
{
    public Guid StaffId { get; set; }

    public int DepartmentId { get; set; }
}
