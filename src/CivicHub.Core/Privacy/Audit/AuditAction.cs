namespace CivicHub.Core.Privacy.Audit;

/// <summary>What was done to a citizen's record.</summary>
public enum AuditAction
{
    Read,
    Search,
    Create,
    Update,
    Delete,
    Export,
    Erase,
    SignIn,
}
