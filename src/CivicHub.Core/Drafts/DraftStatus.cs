namespace CivicHub.Core.Drafts;

/// <summary>A draft is open until it is submitted as a case or abandoned.</summary>
public enum DraftStatus
{
    Open,
    Submitted,
    Abandoned,
}
