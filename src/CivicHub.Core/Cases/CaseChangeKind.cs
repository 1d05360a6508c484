namespace CivicHub.Core.Cases;

/// <summary>The kinds of entry in a case's history.</summary>
public enum CaseChangeKind
{
    Created,
    StatusChanged,
    Assigned,
    PriorityChanged,
    NoteAdded,
}
