using System.Text;
using System.Text.RegularExpressions;

namespace CivicHub.Browser.Tests.Hosting;

/// <summary>
/// How the tests wait for a page the browser is sent to: by asking the page for its address until it matches, not by
/// waiting for navigation events. <c>WaitForURLAsync</c> checks the address once and, when the navigation has not
/// committed yet, waits for the navigation and then for a load state; on loaded CI machines such waits timed out after
/// 30 seconds on pages that had long been shown (the failure reported the page already at the address it waited for).
/// Polling the address cannot miss a navigation that lands between the action and the wait. Every wait is followed by
/// an assertion or action on the new page's content, whose locator waits for what it needs.
/// </summary>
public static partial class PageWaits
{
    private static readonly PageAssertionsToHaveURLOptions Patience = new() { Timeout = 30_000 };

    /// <summary>
    /// Waits until the page's whole address matches <paramref name="glob"/>: <c>**</c> stands for any characters,
    /// <c>*</c> for any but <c>/</c>, everything else for itself (a <c>?</c> too).
    /// </summary>
    public static Task ArriveAtAsync(this IPage page, string glob) => Assertions.Expect(page).ToHaveURLAsync(Glob(glob), Patience);

    /// <summary>Waits until the page's path is <paramref name="path"/>, with any origin, query or fragment.</summary>
    public static Task ArriveAtPathAsync(this IPage page, string path) =>
        Assertions.Expect(page).ToHaveURLAsync(new Regex($"^{Origin}{Regex.Escape(path)}([?#].*)?$"), Patience);

    /// <summary>Waits until the page's path starts with <paramref name="prefix"/>.</summary>
    public static Task ArriveUnderPathAsync(this IPage page, string prefix) =>
        Assertions.Expect(page).ToHaveURLAsync(new Regex($"^{Origin}{Regex.Escape(prefix)}"), Patience);

    private const string Origin = "[a-z]+://[^/]+";

    /// <summary>The glob as an anchored expression.</summary>
    internal static Regex Glob(string glob)
    {
        var pattern = new StringBuilder("^");
        foreach (var part in Wildcards().Split(glob))
        {
            pattern.Append(part switch
            {
                "**" => ".*",
                "*" => "[^/]*",
                _ => Regex.Escape(part),
            });
        }

        return new Regex(pattern.Append('$').ToString());
    }

    [GeneratedRegex(@"(\*\*|\*)")]
    private static partial Regex Wildcards();
}
