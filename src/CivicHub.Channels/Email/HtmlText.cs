using System.Net;
using System.Text;
using MimeKit.Text;

namespace CivicHub.Channels.Email;

/// <summary>
/// The readable text of an HTML email body, for messages without a plain-text part. It walks MimeKit's HTML tokenizer
/// rather than pattern-matching tags, drops scripts, styles and the head, decodes entities, and keeps line breaks
/// where blocks end. The result is text only: nothing of the HTML reaches the timeline.
/// </summary>
public static class HtmlText
{
    private static readonly HashSet<HtmlTagId> Skipped = [HtmlTagId.Script, HtmlTagId.Style, HtmlTagId.Head, HtmlTagId.Title];
    private static readonly HashSet<HtmlTagId> Blocks =
    [
        HtmlTagId.P, HtmlTagId.Div, HtmlTagId.Br, HtmlTagId.TR, HtmlTagId.LI, HtmlTagId.H1, HtmlTagId.H2, HtmlTagId.H3,
        HtmlTagId.H4, HtmlTagId.H5, HtmlTagId.H6, HtmlTagId.BlockQuote, HtmlTagId.Table, HtmlTagId.UL, HtmlTagId.OL,
        HtmlTagId.HR, HtmlTagId.Pre, HtmlTagId.Address,
    ];

    public static string ToText(string html)
    {
        var text = new StringBuilder(html.Length / 2);
        var skipping = 0;
        var tokenizer = new HtmlTokenizer(new StringReader(html)) { DecodeCharacterReferences = true };
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when Skipped.Contains(tag.Id):
                    if (!tag.IsEmptyElement)
                    {
                        skipping = Math.Max(0, skipping + (tag.IsEndTag ? -1 : 1));
                    }

                    break;
                case HtmlTagToken tag when Blocks.Contains(tag.Id) && skipping == 0:
                    if (text.Length > 0 && text[^1] != '\n')
                    {
                        text.Append('\n');
                    }

                    break;
                case HtmlDataToken data when skipping == 0 && token.Kind is HtmlTokenKind.Data or HtmlTokenKind.CData:
                    // Whitespace in HTML collapses; the tokenizer has already decoded entities, and a stray one is decoded here.
                    var collapsed = CollapseSpaces(WebUtility.HtmlDecode(data.Data));
                    if (collapsed.Length > 0 && !(collapsed == " " && (text.Length == 0 || text[^1] is ' ' or '\n')))
                    {
                        text.Append(text.Length > 0 && text[^1] == '\n' ? collapsed.TrimStart() : collapsed);
                    }

                    break;
            }
        }

        var lines = text.ToString().Split('\n').Select(l => l.Trim());
        return string.Join('\n', lines).Trim();
    }

    private static string CollapseSpaces(string value)
    {
        var result = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) && c != '\u00a0')
            {
                space = true;
                continue;
            }

            if (space)
            {
                result.Append(' ');
                space = false;
            }

            result.Append(c == '\u00a0' ? ' ' : c);
        }

        if (space)
        {
            result.Append(' ');
        }

        return result.ToString();
    }
}
