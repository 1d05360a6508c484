namespace CivicHub.Server.Components.Desk;

/// <summary>
/// Numbers a page's reads of the same list so that one that started earlier but finished later does not replace a
/// newer result. A page that refreshes on committed events reads again while its first read, a filter's or a
/// page's, may still run: they overlap at their awaits on the renderer's dispatcher, and without the numbers the
/// older list (a chat not yet waiting, the inbox before its filter changed) could be the one left showing.
/// Not thread-safe, and need not be: Blazor runs a component's code on its dispatcher one piece at a time.
/// </summary>
public sealed class LatestRead
{
    private int _started;
    private int _shown;

    /// <summary>The number of a read about to start.</summary>
    public int Start() => ++_started;

    /// <summary>Whether the read numbered <paramref name="read"/> may be shown: no read started after it was shown first.</summary>
    public bool TryShow(int read)
    {
        if (read < _shown)
        {
            return false;
        }

        _shown = read;
        return true;
    }
}
