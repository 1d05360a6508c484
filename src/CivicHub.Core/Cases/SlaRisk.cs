namespace CivicHub.Core.Cases;

/// <summary>How close an open case is to breaking the time its service promises.</summary>
public enum SlaRisk
{
    None,
    DueSoon,
    Overdue,
}
