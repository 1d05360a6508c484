using CivicHub.Core.Outcomes;
using Microsoft.Extensions.Localization;

namespace CivicHub.Server.Components.Portal.Forms;

/// <summary>
/// Puts the Core's validation answers into the portal's form and language: the Core decides what is wrong, the
/// portal says it in the citizen's words ("Core." keys in PortalText), keeping the Core's English where it has none.
/// </summary>
public static class CoreMessages
{
    public static string Translate(IStringLocalizer<PortalText> text, string message)
    {
        var key = message switch
        {
            _ when message.StartsWith("Must be one of", StringComparison.Ordinal) => "Core.MustBeOneOf",
            _ when message.StartsWith("Must be at most", StringComparison.Ordinal) => "Core.TooLong",
            _ when message.StartsWith("Must be at least", StringComparison.Ordinal) => "Core.TooShort",
            _ => "Core." + message,
        };
        var translated = text[key];
        return translated.ResourceNotFound ? message : translated.Value;
    }

    /// <summary>Adds a Core problem's field errors to the form, mapping each Core field name to the input's id.</summary>
    public static void AddTo(FormErrors errors, OutcomeProblem problem, IStringLocalizer<PortalText> text, Func<string, string> inputIdOf)
    {
        if (problem.Errors is { Count: > 0 } fields)
        {
            foreach (var (field, messages) in fields)
            {
                errors.Add(inputIdOf(field), Translate(text, messages[0]));
            }
        }
        else
        {
            errors.Add(inputIdOf(string.Empty), Translate(text, problem.Detail));
        }
    }
}
