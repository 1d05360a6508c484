namespace CivicHub.Core.Cases;

/// <summary>How urgently a case should be worked.</summary>
public enum CasePriority
{
    Low,
    Normal,
    High,
    Urgent,
}
