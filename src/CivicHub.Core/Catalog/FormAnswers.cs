using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CivicHub.Core.Citizens;
using CivicHub.Core.Outcomes;

namespace CivicHub.Core.Catalog;

/// <summary>Checks answers against a service's form and turns them into the stored form: field key to text.</summary>
public static class FormAnswers
{
    public const int MaxAnswerLength = 10_000;
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Validates the answers given so far and returns them as text, keyed by field.</summary>
    public static Dictionary<string, string> Validate(
        Service service, IReadOnlyDictionary<string, JsonElement>? answers, ValidationErrors errors, string prefix = "answers")
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var fields = service.Fields.ToDictionary(f => f.Key, StringComparer.Ordinal);
        foreach (var (key, element) in answers ?? new Dictionary<string, JsonElement>())
        {
            if (!fields.TryGetValue(key, out var field))
            {
                errors.Add($"{prefix}.{key}", $"The {service.Name} form has no field '{key}'.");
                continue;
            }

            if (AsText(element) is not { } text)
            {
                errors.Add($"{prefix}.{key}", "Must be text, a number or true/false.");
                continue;
            }

            if (text.Length == 0)
            {
                continue;
            }

            if (Check(field, text) is { } error)
            {
                errors.Add($"{prefix}.{key}", error);
                continue;
            }

            result[key] = text;
        }

        return result;
    }

    /// <summary>Adds an error for every required field the answers leave empty.</summary>
    public static void RequireComplete(Service service, IReadOnlyDictionary<string, string> answers, ValidationErrors errors, string prefix = "answers")
    {
        foreach (var field in service.Fields.Where(f => f.Required && !answers.ContainsKey(f.Key)))
        {
            errors.Add($"{prefix}.{field.Key}", $"{field.Label} is required.");
        }
    }

    public static string Serialize(IReadOnlyDictionary<string, string> answers) => JsonSerializer.Serialize(answers);

    public static Dictionary<string, string> Deserialize(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    /// <summary>
    /// The stored form of a form's answers: the plain ones as JSON, and those of fields marked sensitive as JSON of
    /// their own (null when there are none), which the model encrypts at rest.
    /// </summary>
    public static (string Plain, string? Sensitive) Store(Service? service, IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var sensitive = SensitiveKeys(service);
        var plain = answers.Where(a => !sensitive.Contains(a.Key)).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var hidden = answers.Where(a => sensitive.Contains(a.Key)).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        return (Serialize(plain), hidden.Count == 0 ? null : Serialize(hidden));
    }

    /// <summary>Every answer, plain and sensitive, as one dictionary (for the citizen, CivicHub itself, or staff allowed to see them).</summary>
    public static Dictionary<string, string> Read(string? plain, string? sensitive)
    {
        var answers = Deserialize(plain);
        foreach (var (key, value) in Deserialize(sensitive))
        {
            answers[key] = value;
        }

        return answers;
    }

    /// <summary>The keys of the service's fields marked sensitive.</summary>
    public static HashSet<string> SensitiveKeys(Service? service) =>
        service is null ? [] : service.Fields.Where(f => f.Sensitive).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);

    private static string? AsText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!.Trim(),
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => string.Empty,
        _ => null,
    };

    private static string? Check(FormField field, string text)
    {
        var max = Math.Min(field.MaxLength ?? MaxAnswerLength, MaxAnswerLength);
        if (text.Length > max)
        {
            return $"Must be at most {max} characters.";
        }

        switch (field.Type)
        {
            case FormFieldType.Number when !decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out _):
                return "Must be a number.";
            case FormFieldType.Date when !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _):
                return "Must be a date written YYYY-MM-DD.";
            case FormFieldType.Email when IdentityNormalizer.NormalizeEmail(text).Value is null:
                return "Must be an email address.";
            case FormFieldType.Phone when new IdentityNormalizer().NormalizePhone(text).Value is null:
                return "Must be a phone number.";
            case FormFieldType.Select when !field.Options.Contains(text):
                return $"Must be one of: {string.Join(", ", field.Options)}.";
            case FormFieldType.Checkbox when text is not ("true" or "false"):
                return "Must be true or false.";
        }

        if (field.Pattern is { } pattern)
        {
            try
            {
                if (!Regex.IsMatch(text, $"^(?:{pattern})$", RegexOptions.None, PatternTimeout))
                {
                    return "Is not in the expected format.";
                }
            }
            catch (RegexMatchTimeoutException)
            {
                return "Is not in the expected format.";
            }
        }

        return null;
    }
}
