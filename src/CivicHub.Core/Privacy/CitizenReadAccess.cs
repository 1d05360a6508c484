namespace CivicHub.Core.Privacy;

/// <summary>
/// What a PostgreSQL statement over one citizen is told the actor may see: the cases it shows, whether the actor is
/// unrestricted, and the contact details (interactions outside any case go with them) as a test the statement makes:
/// shown if <see cref="ContactAlways"/> or the citizen has a case in one of <see cref="ContactIfCaseIn"/>.
/// Either <see cref="Decided"/> from the citizen's facts, or guessed before they are read
/// (<see cref="AccessScope.GuessWithoutConsents"/>), so the statement can go in the same round trip as those facts;
/// a guessed read is kept only if the decision made from the facts <see cref="Agrees"/> with it, and is otherwise
/// read again as decided: a wrong guess costs a round trip and never shows more.
/// </summary>
public sealed record CitizenReadAccess(CaseVisibility Cases, bool Unrestricted, bool ContactAlways, IReadOnlyList<int> ContactIfCaseIn)
{
    public static CitizenReadAccess Decided(CitizenAccess visible)
    {
        ArgumentNullException.ThrowIfNull(visible);
        return new CitizenReadAccess(visible.Cases, visible.Unrestricted, visible.ContactDetails.Allowed, []);
    }

    /// <summary>Whether a read made this way, which found the contact details shown or not, is what <paramref name="decided"/> allows.</summary>
    public bool Agrees(CitizenAccess decided, bool contactDetailsShown)
    {
        ArgumentNullException.ThrowIfNull(decided);
        return decided.Unrestricted == Unrestricted
            && decided.ContactDetails.Allowed == contactDetailsShown
            && decided.Cases.DepartmentIds.SequenceEqual(Cases.DepartmentIds)
            && decided.Cases.ServiceIds.SequenceEqual(Cases.ServiceIds);
    }
}
