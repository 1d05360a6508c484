using System.Globalization;

namespace CivicHub.Channels;

/// <summary>
/// Splits a text longer than a provider accepts in one message into numbered parts ("(1/3) ...") cut at word
/// boundaries, so a long answer reaches the citizen whole and in order instead of being refused.
/// </summary>
public static class TextSegments
{
    public static IReadOnlyList<string> Split(string text, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 20);
        text = text.Trim();
        if (text.Length <= limit)
        {
            return [text];
        }

        // The prefix's length depends on how many parts there are: split again until the count settles.
        var count = 2;
        while (true)
        {
            var prefixLength = Prefix(count, count).Length;
            var chunks = Chunk(text, limit - prefixLength);
            if (chunks.Count <= count || Prefix(chunks.Count, chunks.Count).Length == prefixLength)
            {
                return chunks.Select((c, i) => Prefix(i + 1, chunks.Count) + c).ToList();
            }

            count = chunks.Count;
        }
    }

    private static string Prefix(int part, int count) => string.Create(CultureInfo.InvariantCulture, $"({part}/{count}) ");

    private static List<string> Chunk(string text, int size)
    {
        var chunks = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            if (text.Length - start <= size)
            {
                chunks.Add(text[start..]);
                break;
            }

            // Cut after the last whitespace that fits; a single word longer than a part is cut where it must be.
            var cut = text.LastIndexOfAny([' ', '\n', '\t', '\r'], start + size, size);
            var end = cut > start ? cut : start + size;
            chunks.Add(text[start..end].TrimEnd());
            start = end;
            while (start < text.Length && char.IsWhiteSpace(text[start]))
            {
                start++;
            }
        }

        return chunks;
    }
}
