namespace CivicHub.Core.Citizens.Matching;

/// <summary>
/// The keys under which a record is filed so that only records sharing at least one key are compared. Several
/// independent keys keep recall high when any one field is mistyped: a phonetic surname with the birth year, the
/// postcode with the given-name initial, the national id, the full date of birth, and the phonetic full name.
/// </summary>
public static class BlockingKeys
{
    public const int MaxLength = 64;

    public static IReadOnlyList<string> Of(MatchRecord record)
    {
        var keys = new List<string>(5);
        var family = Soundex.Of(record.FamilyKey);
        var given = Soundex.Of(record.GivenKey);
        if (family.Length > 0 && record.DateOfBirth is { } dob)
        {
            keys.Add($"fy:{family}{dob.Year}");
        }

        if (record.Postcode is { } postcode && record.GivenKey is { Length: > 0 } givenKey)
        {
            keys.Add($"pg:{Cap(postcode, 20)}{givenKey[0]}");
        }

        if (record.NationalId is { } id)
        {
            keys.Add($"id:{Cap(id, 40)}");
        }

        if (record.DateOfBirth is { } birth)
        {
            keys.Add($"db:{birth:yyyyMMdd}");
        }

        if (NameOnly(record) is { } name)
        {
            keys.Add(name);
        }

        return keys;
    }

    /// <summary>The key that needs only a name: what intake can use for a sender who told us nothing else.</summary>
    public static string? NameOnly(MatchRecord record)
    {
        var family = Soundex.Of(record.FamilyKey);
        var given = Soundex.Of(record.GivenKey);
        return family.Length > 0 && given.Length > 0 ? $"nm:{given}{family}" : null;
    }

    private static string Cap(string value, int length) => value.Length <= length ? value : value[..length];
}
