namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// The citizens a live list (the desk's inbox, the chats waiting) has already recorded as shown, so that a list
/// re-read on every change records each citizen once per opening of the page, not once per refresh.
/// </summary>
public sealed class ShownCitizens
{
    private readonly HashSet<Guid> _recorded = [];

    /// <summary>The citizens among <paramref name="shown"/> not recorded before; they count as recorded from now on.</summary>
    public IReadOnlyList<Guid> Newly(IEnumerable<Guid> shown)
    {
        ArgumentNullException.ThrowIfNull(shown);
        return shown.Where(_recorded.Add).ToList();
    }

    /// <summary>Forgets citizens whose recording failed, so the next refresh tries again.</summary>
    public void Forget(IEnumerable<Guid> citizenIds)
    {
        ArgumentNullException.ThrowIfNull(citizenIds);
        _recorded.ExceptWith(citizenIds);
    }
}
