namespace CivicHub.Core.Access;

/// <summary>The kinds of caller that can change a record.</summary>
public enum ActorKind
{
    System,
    Staff,
    Integration,
    Citizen,
}
