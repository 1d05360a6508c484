namespace CivicHub.Core.Staff;

/// <summary>What a member of staff does; each role widens what the API lets them do.</summary>
public enum StaffRole
{
    Agent,
    Caseworker,
    Supervisor,
    Administrator,
}
