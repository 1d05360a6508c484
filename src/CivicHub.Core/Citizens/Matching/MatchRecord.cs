namespace CivicHub.Core.Citizens.Matching;

/// <summary>A person as the matcher sees them: every field folded to the form in which two records are compared.</summary>
public sealed record MatchRecord(
    string? GivenKey,
    string? FamilyKey,
    DateOnly? DateOfBirth,
    string? StreetNumber,
    string? Street,
    string? Locality,
    string? Postcode,
    string? NationalId)
{
    /// <summary>Builds a record from raw values, folding names and addresses as <see cref="NameKey"/> does.</summary>
    public static MatchRecord From(
        string? givenName, string? familyName, DateOnly? dateOfBirth, string? streetNumber, string? street, string? locality, string? postcode, string? nationalId) =>
        new(Fold(givenName), Fold(familyName), dateOfBirth, Digits(streetNumber) ?? Fold(streetNumber), Fold(street), Fold(locality), Compact(postcode), Compact(nationalId));

    /// <summary>Splits an address line such as "12 Elm Street" into its number and its street.</summary>
    public static (string? Number, string? Street) SplitLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return (null, null);
        }

        var trimmed = line.Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && char.IsDigit(trimmed[0]) ? (trimmed[..space], trimmed[(space + 1)..]) : (null, trimmed);
    }

    private static string? Fold(string? value) => string.IsNullOrWhiteSpace(value) ? null : NameKey.Of(value) is { Length: > 0 } key ? key : null;

    private static string? Digits(string? value) =>
        string.IsNullOrWhiteSpace(value) || !value.Any(char.IsDigit) ? null : new string(value.Where(char.IsDigit).ToArray());

    private static string? Compact(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : new string(value.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray()) is { Length: > 0 } v ? v : null;
}
