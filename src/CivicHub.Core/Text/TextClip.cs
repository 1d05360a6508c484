namespace CivicHub.Core.Text;

/// <summary>
/// Shortens text people wrote without cutting a character in two: a cut between the halves of a surrogate pair (an
/// emoji, many CJK characters) leaves half a character, which PostgreSQL refuses to store.
/// </summary>
public static class TextClip
{
    /// <summary>The text, or its first characters up to <paramref name="max"/> UTF-16 units, one fewer when the last would be half a pair.</summary>
    public static string Clip(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return text;
        }

        var end = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..end];
    }

    /// <summary>The text, or as much as fits in <paramref name="max"/> units with <paramref name="ellipsis"/> after it.</summary>
    public static string Clip(string text, int max, string ellipsis)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(ellipsis);
        return text.Length <= max ? text : Clip(text, max - ellipsis.Length) + ellipsis;
    }
}
