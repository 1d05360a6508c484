using System.Text.RegularExpressions;

namespace CivicHub.Channels.Email;

/// <summary>
/// Cuts the quoted history that mail clients append to a reply, where it can be told reliably: an attribution line
/// ("On Tue, 3 Mar 2026, Rosa wrote:") followed by quoted lines, an Outlook "Original Message" or "From:" header
/// block after a separator, or a run of "&gt;" lines at the end. When in doubt it keeps the text: losing what a
/// citizen wrote is worse than showing a quote twice.
/// </summary>
public static partial class QuotedHistory
{
    public static string Trim(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var cut = lines.Length;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (OriginalMessage().IsMatch(line)
                || (Separator().IsMatch(line) && i + 1 < lines.Length && lines[i + 1].TrimStart().StartsWith("From:", StringComparison.OrdinalIgnoreCase)))
            {
                cut = i;
                break;
            }

            // The attribution may wrap onto a second line ("On ... Rosa <rosa@x>\nwrote:").
            var attribution = Attribution().IsMatch(line) ? 1
                : i + 1 < lines.Length && line.StartsWith("On ", StringComparison.Ordinal) && Attribution().IsMatch($"{line} {lines[i + 1].Trim()}") ? 2
                : 0;
            if (attribution > 0 && NextNonBlankIsQuoted(lines, i + attribution))
            {
                cut = i;
                break;
            }
        }

        // A trailing run of quoted lines with no attribution.
        if (cut == lines.Length)
        {
            var end = lines.Length;
            while (end > 0 && lines[end - 1].Trim().Length == 0)
            {
                end--;
            }

            var start = end;
            while (start > 0 && (lines[start - 1].StartsWith('>') || (lines[start - 1].Trim().Length == 0 && start - 1 > 0 && lines[start - 2].StartsWith('>'))))
            {
                start--;
            }

            if (start < end)
            {
                cut = start;
            }
        }

        var kept = string.Join('\n', lines[..cut]).TrimEnd();
        return kept.Trim().Length == 0 ? text.Trim() : kept;
    }

    private static bool NextNonBlankIsQuoted(string[] lines, int from)
    {
        for (var j = from; j < lines.Length; j++)
        {
            if (lines[j].Trim().Length > 0)
            {
                return lines[j].TrimStart().StartsWith('>');
            }
        }

        return false;
    }

    [GeneratedRegex(@"^On .{4,300} wrote:$", RegexOptions.CultureInvariant)]
    private static partial Regex Attribution();

    [GeneratedRegex(@"^-{2,}\s*Original Message\s*-{2,}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^_{10,}$", RegexOptions.CultureInvariant)]
    private static partial Regex Separator();
}
