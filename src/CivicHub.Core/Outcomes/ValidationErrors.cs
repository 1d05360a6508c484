namespace CivicHub.Core.Outcomes;

/// <summary>Collects field errors keyed by the field's name as the client sent it (camelCase JSON path).</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors[field] = messages;
        }

        messages.Add(message);
        return this;
    }

    /// <summary>
    /// Adds an error when a required text is missing, longer than allowed, or holds what no database column can keep:
    /// a NUL (PostgreSQL refuses it) or half of a surrogate pair (it has no UTF-8 form). Channels that decode JSON
    /// escapes themselves (Messenger, the chat hub) can deliver both; let through, they failed the save with a 500.
    /// </summary>
    public ValidationErrors Text(string field, string? value, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, "This field is required.");
            }
        }
        else if (value.Length > maxLength)
        {
            Add(field, $"Must be at most {maxLength} characters.");
        }
        else if (!IsStorable(value))
        {
            Add(field, "Must not contain NUL characters or unpaired surrogates.");
        }

        return this;
    }

    /// <summary>False when the text holds a NUL or an unpaired UTF-16 surrogate.</summary>
    public static bool IsStorable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || char.IsLowSurrogate(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }

    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
