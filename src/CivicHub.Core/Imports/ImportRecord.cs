using System.Globalization;
using CivicHub.Core.Citizens;
using CivicHub.Core.Citizens.Matching;

namespace CivicHub.Core.Imports;

/// <summary>One row of an import, checked and normalised, ready to be matched.</summary>
public sealed record ImportRecord(
    int Line,
    string? ExternalId,
    string? GivenName,
    string? FamilyName,
    DateOnly? DateOfBirth,
    IReadOnlyList<(IdentityKind Kind, string Value, string Display)> Identities,
    Address? Address,
    string? StreetNumber,
    string? Street,
    string? NationalId)
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyyMMdd", "MM/dd/yyyy", "M/d/yyyy", "yyyy/MM/dd", "dd.MM.yyyy", "d.M.yyyy"];

    private static readonly Dictionary<string, int> MaxLengths = new(StringComparer.Ordinal)
    {
        [ImportFields.GivenName] = 200,
        [ImportFields.FamilyName] = 200,
        [ImportFields.AddressLine1] = 200,
        [ImportFields.AddressLine2] = 200,
        [ImportFields.StreetNumber] = 20,
        [ImportFields.Street] = 180,
        [ImportFields.Locality] = 100,
        [ImportFields.City] = 100,
        [ImportFields.Region] = 100,
        [ImportFields.Postcode] = 20,
        [ImportFields.ExternalId] = 200,
        [ImportFields.NationalId] = 40,
    };

    public MatchRecord ToMatchRecord() =>
        MatchRecord.From(GivenName, FamilyName, DateOfBirth, StreetNumber, Street, Address?.City, Address?.PostalCode, NationalId);

    /// <summary>The record, or the reason the row cannot be imported (naming the field, never its value).</summary>
    public static (ImportRecord? Record, string? Error) Parse(CsvRow row, ImportMap map, IdentityNormalizer normalizer, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(normalizer);
        if (row.Fields is null)
        {
            return (null, row.Error);
        }

        if (row.Fields.Count != map.Columns)
        {
            return (null, $"Expected {map.Columns} columns, found {row.Fields.Count}.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var identities = new List<(IdentityKind, string, string)>();
        foreach (var (column, field) in map.Fields)
        {
            var value = row.Fields[column];
            if (value.Length == 0)
            {
                continue;
            }

            if (MaxLengths.TryGetValue(field, out var max) && value.Length > max)
            {
                return (null, $"{field}: longer than {max} characters.");
            }

            if (field is ImportFields.Phone or ImportFields.Email)
            {
                var kind = field == ImportFields.Phone ? IdentityKind.Phone : IdentityKind.Email;
                var (normalized, error) = normalizer.Normalize(kind, value);
                if (normalized is null)
                {
                    return (null, $"{field}: {error}");
                }

                if (!identities.Any(i => i.Item1 == kind && i.Item2 == normalized))
                {
                    identities.Add((kind, normalized, value));
                }

                continue;
            }

            values[field] = value;
        }

        DateOnly? dateOfBirth = null;
        if (values.TryGetValue(ImportFields.DateOfBirth, out var rawDate))
        {
            if (!DateOnly.TryParseExact(rawDate, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return (null, $"{ImportFields.DateOfBirth}: not a date in a known format (yyyy-MM-dd, yyyyMMdd, MM/dd/yyyy, dd.MM.yyyy).");
            }

            if (parsed.Year < 1900 || parsed > today)
            {
                return (null, $"{ImportFields.DateOfBirth}: must be between 1900 and today.");
            }

            dateOfBirth = parsed;
        }

        string? Value(string field) => values.GetValueOrDefault(field);
        var given = Value(ImportFields.GivenName);
        var family = Value(ImportFields.FamilyName);
        if (given is null && family is null && identities.Count == 0 && Value(ImportFields.NationalId) is null && Value(ImportFields.ExternalId) is null)
        {
            return (null, "The row has no name, phone, email or identifier.");
        }

        var (number, street) = (Value(ImportFields.StreetNumber), Value(ImportFields.Street));
        var line1 = Value(ImportFields.AddressLine1);
        if (line1 is null && (number is not null || street is not null))
        {
            line1 = string.Join(' ', new[] { number, street }.Where(p => p is not null));
        }
        else if (line1 is not null && number is null && street is null)
        {
            (number, street) = MatchRecord.SplitLine(line1);
        }

        var city = Value(ImportFields.Locality) ?? Value(ImportFields.City);
        var address = line1 is null && city is null && Value(ImportFields.Postcode) is null
            ? null
            : new Address
            {
                Line1 = line1 ?? "",
                Line2 = Value(ImportFields.AddressLine2),
                City = city ?? "",
                Region = Value(ImportFields.Region),
                PostalCode = Value(ImportFields.Postcode),
            };
        return (new ImportRecord(row.Line, Value(ImportFields.ExternalId), given, family, dateOfBirth, identities, address, number, street, Value(ImportFields.NationalId)), null);
    }
}
