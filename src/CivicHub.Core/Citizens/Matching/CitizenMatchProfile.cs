namespace CivicHub.Core.Citizens.Matching;

/// <summary>
/// A citizen's fields as the matcher compares them (folded names, split address, national id), kept beside the
/// citizen so that candidates found by key are scored without reading and re-folding whole records.
/// </summary>
public sealed class CitizenMatchProfile
{
    public Guid CitizenId { get; set; }

    public string? GivenKey { get; set; }

    public string? FamilyKey { get; set; }

    public DateOnly? DateOfBirth { get; set; }

    public string? StreetNumber { get; set; }

    public string? Street { get; set; }

    public string? Locality { get; set; }

    public string? Postcode { get; set; }

    public string? NationalId { get; set; }

    public MatchRecord ToRecord() => new(GivenKey, FamilyKey, DateOfBirth, StreetNumber, Street, Locality, Postcode, NationalId);

    public static CitizenMatchProfile Of(Guid citizenId, MatchRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new()
        {
            CitizenId = citizenId,
            GivenKey = Cap(record.GivenKey, 200),
            FamilyKey = Cap(record.FamilyKey, 200),
            DateOfBirth = record.DateOfBirth,
            StreetNumber = Cap(record.StreetNumber, 20),
            Street = Cap(record.Street, 200),
            Locality = Cap(record.Locality, 100),
            Postcode = Cap(record.Postcode, 20),
            NationalId = Cap(record.NationalId, 40),
        };
    }

    private static string? Cap(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
