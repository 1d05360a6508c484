using System.Globalization;
using System.Text;
using CivicHub.Core.Outcomes;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Passwords;

/// <summary>
/// Whether a new password may be used, after NIST SP 800-63B: long enough, not a well-known password and not the
/// person's own name, with no rules about which kinds of characters it holds. Any Unicode is allowed; passwords are
/// normalised (NFKC) before they are checked and hashed, so the same password typed on another keyboard still works.
/// </summary>
public sealed class PasswordRules(IOptions<PasswordOptions> options)
{
    private static readonly char[] NameSeparators = [' ', '.', '-', '_', '+', '\'', ','];

    public int MinLength => options.Value.MinLength;

    public int MaxLength => options.Value.MaxLength;

    /// <summary>The form in which a password is hashed and compared.</summary>
    public static string Normalize(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return password.IsNormalized(NormalizationForm.FormKC) ? password : password.Normalize(NormalizationForm.FormKC);
    }

    /// <summary>Adds an error on the field when the password may not be used; names are the person's user name, display name, email.</summary>
    public void Check(string? password, ValidationErrors errors, string field, params string?[] names)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(password))
        {
            errors.Add(field, "This field is required.");
            return;
        }

        var normalized = Normalize(password);
        // Length in characters a person sees (text elements), so an accented letter or an emoji counts once.
        var length = new StringInfo(normalized).LengthInTextElements;
        if (length < MinLength)
        {
            errors.Add(field, $"Must be at least {MinLength} characters.");
            return;
        }

        if (length > MaxLength)
        {
            errors.Add(field, $"Must be at most {MaxLength} characters.");
            return;
        }

        var folded = normalized.ToLowerInvariant();
        if (IsOneCharacterRepeated(folded) || BreachedPasswords.For(MinLength).Contains(folded))
        {
            errors.Add(field, "This password is one of the most commonly used, so it is among the first an attacker tries. Choose another.");
            return;
        }

        // Each word of a name counts (given name, family name, the parts of a user name or email address), as an
        // attacker who knows the person tries them first; words shorter than four letters would refuse too much.
        // Of an email address only the part before the @ is the person's: the domain is their provider's.
        var words = names.SelectMany(n => (n ?? "").Split('@')[0].ToLowerInvariant().Split(NameSeparators, StringSplitOptions.RemoveEmptyEntries));
        if (words.Any(w => w.Length >= 4 && folded.Contains(w, StringComparison.Ordinal)))
        {
            errors.Add(field, "The password must not contain your name, user name or email address.");
        }
    }

    private static bool IsOneCharacterRepeated(string password) => password.All(c => c == password[0]);
}
