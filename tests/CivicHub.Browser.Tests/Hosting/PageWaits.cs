namespace CivicHub.Browser.Tests.Hosting;

/// <summary>How the tests wait for a page the browser is sent to.</summary>
public static class PageWaits
{
    /// <summary>
    /// Wait for the new address to commit, then let the next locator wait for the content it needs, rather than
    /// waiting for the page's load event: on a loaded CI machine such a wait once timed out on a page that had long
    /// been shown. Every wait for an address is followed by an assertion or action on the new page's content.
    /// </summary>
    public static PageWaitForURLOptions Committed { get; } = new() { WaitUntil = WaitUntilState.Commit };
}
