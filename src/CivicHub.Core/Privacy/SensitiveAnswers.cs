using CivicHub.Core.Catalog;

namespace CivicHub.Core.Privacy;

/// <summary>
/// A form's answers as one reader may see them: every answer when the reader's access covers the sensitive-fields
/// category, otherwise the plain ones with the keys of the rest named as withheld, so that nobody mistakes a withheld
/// answer for one never given.
/// </summary>
public sealed record SensitiveAnswers(IReadOnlyDictionary<string, string> Shown, IReadOnlyList<string> Withheld)
{
    /// <param name="service">The form; a field marked sensitive after the answer was stored is withheld too.</param>
    /// <param name="plain">The stored plain answers (JSON).</param>
    /// <param name="sensitive">The stored sensitive answers (JSON, decrypted by the model).</param>
    /// <param name="allowed">Whether the reader may see sensitive fields.</param>
    public static SensitiveAnswers For(Service? service, string? plain, string? sensitive, bool allowed)
    {
        var answers = FormAnswers.Read(plain, sensitive);
        if (allowed)
        {
            return new SensitiveAnswers(answers, []);
        }

        var hidden = FormAnswers.SensitiveKeys(service);
        hidden.UnionWith(FormAnswers.Deserialize(sensitive).Keys);
        var withheld = answers.Keys.Where(hidden.Contains).Order(StringComparer.Ordinal).ToList();
        foreach (var key in withheld)
        {
            answers.Remove(key);
        }

        return new SensitiveAnswers(answers, withheld);
    }
}
