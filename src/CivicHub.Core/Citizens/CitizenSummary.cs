namespace CivicHub.Core.Citizens;

/// <summary>Enough about a citizen to recognise them in a list of search results.</summary>
public sealed record CitizenSummary(
    Guid Id,
    string DisplayName,
    DateOnly? DateOfBirth,
    string? Phone,
    string? Email,
    string PreferredLanguage,
    bool IsProvisional,
    int OpenCases);
