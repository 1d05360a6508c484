using System.Net.Mail;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace CivicHub.Core.Citizens;

/// <summary>Turns what people type into the one canonical value per identity: E.164 phones, case-folded emails.</summary>
public sealed partial class IdentityNormalizer(string defaultRegion = "US")
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public string DefaultRegion { get; } = defaultRegion;

    /// <summary>The normalised value, or null with a reason when the input is not a valid identity of that kind.</summary>
    public (string? Value, string? Error) Normalize(IdentityKind kind, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return (null, "This field is required.");
        }

        if (raw.Length > 320)
        {
            return (null, "Must be at most 320 characters.");
        }

        return kind switch
        {
            IdentityKind.Phone => NormalizePhone(raw),
            IdentityKind.Email => NormalizeEmail(raw),
            IdentityKind.Postal => NormalizePostal(raw),
            _ => (raw.Trim(), null),
        };
    }

    private static (string? Value, string? Error) NormalizePostal(string raw)
    {
        // Trimmed last: a comma at either end becomes a space, and a normalised value must normalise to itself.
        var value = Whitespace().Replace(raw.ToUpperInvariant().Replace(".", "", StringComparison.Ordinal).Replace(",", " ", StringComparison.Ordinal), " ").Trim();
        return value.Length == 0 ? (null, "Not a postal address.") : (value, null);
    }

    public (string? Value, string? Error) NormalizePhone(string raw)
    {
        try
        {
            var number = Phones.Parse(raw, DefaultRegion);
            if (!Phones.IsValidNumber(number))
            {
                return (null, "Not a valid phone number.");
            }

            return (Phones.Format(number, PhoneNumberFormat.E164), null);
        }
        catch (NumberParseException)
        {
            return (null, "Not a valid phone number.");
        }
    }

    public static (string? Value, string? Error) NormalizeEmail(string raw)
    {
        var trimmed = raw.Trim();
        if (!MailAddress.TryCreate(trimmed, out var address) || address.Address != trimmed || !trimmed.Contains('@', StringComparison.Ordinal))
        {
            return (null, "Not a valid email address.");
        }

        return (trimmed.ToLowerInvariant(), null);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
