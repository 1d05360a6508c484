using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace CivicHub.Core.Cases;

/// <summary>
/// The public reference of a case: eight characters a person can read out on the phone ("K7M4-9QX2"),
/// from an alphabet without look-alikes (no 0/O, 1/I/L, U), the last one a Luhn mod 30 check character
/// that catches every single mistyped character and most swapped neighbours.
/// </summary>
public static partial class CaseReference
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int PayloadLength = 7;

    /// <summary>A new random reference, formatted "XXXX-XXXX".</summary>
    public static string New()
    {
        Span<char> chars = stackalloc char[PayloadLength + 1];
        for (var i = 0; i < PayloadLength; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        chars[PayloadLength] = CheckCharacter(chars[..PayloadLength]);
        return Format(chars);
    }

    /// <summary>The canonical "XXXX-XXXX" form of what a person typed or said, or null when it is not a valid reference.</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 20)
        {
            return null;
        }

        Span<char> chars = stackalloc char[PayloadLength + 1];
        var count = 0;
        foreach (var c in input)
        {
            if (c is '-' or ' ')
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            if (count == chars.Length || !Alphabet.Contains(upper, StringComparison.Ordinal))
            {
                return null;
            }

            chars[count++] = upper;
        }

        if (count != chars.Length || CheckCharacter(chars[..PayloadLength]) != chars[PayloadLength])
        {
            return null;
        }

        return Format(chars);
    }

    /// <summary>Every valid reference quoted in a message, in order of appearance.</summary>
    public static IEnumerable<string> FindIn(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        foreach (Match match in Candidate().Matches(text))
        {
            if (Normalize(match.Value) is { } reference)
            {
                yield return reference;
            }
        }
    }

    internal static char CheckCharacter(ReadOnlySpan<char> payload)
    {
        // Luhn mod N: double every other code point from the right, sum the digits in base N.
        var n = Alphabet.Length;
        var factor = 2;
        var sum = 0;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var addend = factor * Alphabet.IndexOf(payload[i], StringComparison.Ordinal);
            factor = factor == 2 ? 1 : 2;
            sum += (addend / n) + (addend % n);
        }

        return Alphabet[(n - (sum % n)) % n];
    }

    private static string Format(ReadOnlySpan<char> chars) => string.Concat(chars[..4], "-", chars[4..]);

    [GeneratedRegex(@"(?<![0-9A-Za-z])[2-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{4}[- ]?[2-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{4}(?![0-9A-Za-z])")]
    private static partial Regex Candidate();
}
