namespace CivicHub.Server.Components.Portal.Forms;

/// <summary>
/// The problems with one submitted form, keyed by the id of the input they concern, in the order of the form, so
/// the error summary can link to each input and each input can show its own message.
/// </summary>
public sealed class FormErrors
{
    private readonly List<KeyValuePair<string, string>> _errors = [];

    public bool Any => _errors.Count > 0;

    public IReadOnlyList<KeyValuePair<string, string>> All => _errors;

    public void Add(string inputId, string message)
    {
        if (!_errors.Any(e => e.Key == inputId))
        {
            _errors.Add(new(inputId, message));
        }
    }

    public string? For(string inputId) => _errors.FirstOrDefault(e => e.Key == inputId).Value;

    public void Clear() => _errors.Clear();
}
