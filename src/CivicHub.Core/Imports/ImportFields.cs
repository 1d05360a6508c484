namespace CivicHub.Core.Imports;

/// <summary>The citizen fields a CSV column can be mapped to, and the column names recognised without a map.</summary>
public static class ImportFields
{
    public const string GivenName = "given_name";
    public const string FamilyName = "family_name";
    public const string DateOfBirth = "date_of_birth";
    public const string Phone = "phone";
    public const string Email = "email";
    public const string AddressLine1 = "address_line1";
    public const string AddressLine2 = "address_line2";
    public const string StreetNumber = "street_number";
    public const string Street = "street";
    public const string Locality = "locality";
    public const string City = "city";
    public const string Region = "region";
    public const string Postcode = "postcode";
    public const string ExternalId = "external_id";
    public const string NationalId = "national_id";

    public static IReadOnlyList<string> All { get; } =
        [GivenName, FamilyName, DateOfBirth, Phone, Email, AddressLine1, AddressLine2, StreetNumber, Street, Locality, City, Region, Postcode, ExternalId, NationalId];

    /// <summary>Fields that several columns may feed (a home and a mobile phone).</summary>
    public static IReadOnlySet<string> Repeatable { get; } = new HashSet<string>(StringComparer.Ordinal) { Phone, Email };

    /// <summary>Common column names understood without a map entry.</summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["first_name"] = GivenName,
        ["firstname"] = GivenName,
        ["surname"] = FamilyName,
        ["last_name"] = FamilyName,
        ["lastname"] = FamilyName,
        ["dob"] = DateOfBirth,
        ["birth_date"] = DateOfBirth,
        ["postal_code"] = Postcode,
        ["zip"] = Postcode,
        ["suburb"] = Locality,
        ["state"] = Region,
        ["rec_id"] = ExternalId,
        ["record_id"] = ExternalId,
        ["soc_sec_id"] = NationalId,
    };
}
