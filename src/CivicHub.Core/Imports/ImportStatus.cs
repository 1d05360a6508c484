namespace CivicHub.Core.Imports;

/// <summary>Where an import stands.</summary>
public enum ImportStatus
{
    Queued,
    Running,
    Completed,
    Failed,
}
