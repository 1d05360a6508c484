namespace CivicHub.Core.Cases;

/// <summary>
/// Draws the reference of each new case (<see cref="CaseReference.New"/>). One per host, so that a host under test
/// can hand out a reference another case already has and watch the collision be resolved (<see cref="TakenReference"/>).
/// </summary>
public class CaseReferenceSource
{
    public virtual string Next() => CaseReference.New();
}
