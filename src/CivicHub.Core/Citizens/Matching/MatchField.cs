namespace CivicHub.Core.Citizens.Matching;

/// <summary>The parts of a person's record that the probabilistic matcher compares.</summary>
public enum MatchField
{
    GivenName,
    FamilyName,
    DateOfBirth,
    StreetNumber,
    Street,
    Locality,
    Postcode,
    NationalId,
}
