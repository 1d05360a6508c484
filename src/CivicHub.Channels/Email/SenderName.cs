namespace CivicHub.Channels.Email;

/// <summary>Splits an email display name into given and family name only when the split is obvious.</summary>
public static class SenderName
{
    public static (string? Given, string? Family) Split(string? displayName)
    {
        var name = displayName?.Trim().Trim('"', '\'').Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200 || name.Contains('@', StringComparison.Ordinal) || !name.Any(char.IsLetter))
        {
            return (null, null);
        }

        // "Delgado, Rosa" is family first.
        var comma = name.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (comma.Length == 2 && IsWord(comma[0]) && IsWord(comma[1]))
        {
            return (comma[1], comma[0]);
        }

        // "Rosa Delgado": two words of letters. "Tax Team Springfield" or "Rosa M. de la Cruz" are not guessed at.
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 2 && IsWord(words[0]) && IsWord(words[1]) ? (words[0], words[1]) : (null, null);
    }

    private static bool IsWord(string value) => value.Length > 0 && !value.Contains(' ', StringComparison.Ordinal) && value.All(c => char.IsLetter(c) || c is '-' or '\'');
}
