using System.Text;

namespace CivicHub.Core.Citizens.Matching;

/// <summary>American Soundex: a phonetic code that survives most spelling slips in a surname, used as a blocking key.</summary>
public static class Soundex
{
    //                                     abcdefghijklmnopqrstuvwxyz
    private const string Codes = "01230120022455012623010202";

    public static string Of(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "";
        }

        var builder = new StringBuilder(4);
        var last = '\0';
        foreach (var c in name)
        {
            if (c is < 'a' or > 'z')
            {
                continue;
            }

            var code = Codes[c - 'a'];
            if (builder.Length == 0)
            {
                builder.Append(char.ToUpperInvariant(c));
                last = code;
                continue;
            }

            // h and w do not separate letters with the same code; vowels do.
            if (c is 'h' or 'w')
            {
                continue;
            }

            if (code != '0' && code != last)
            {
                builder.Append(code);
                if (builder.Length == 4)
                {
                    break;
                }
            }

            last = code;
        }

        return builder.Length == 0 ? "" : builder.ToString().PadRight(4, '0');
    }
}
