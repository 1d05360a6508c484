using CivicHub.Core.Outcomes;

namespace CivicHub.Core.Citizens;

/// <summary>An address as a client sends it; validated before it becomes an <see cref="Address"/>.</summary>
public sealed record AddressInput(string? Kind, string? Line1, string? Line2, string? City, string? Region, string? PostalCode, string? Country)
{
    private static readonly string[] Kinds = ["home", "mailing", "business"];

    public void Validate(ValidationErrors errors, string prefix)
    {
        if (Kind is not null && !Kinds.Contains(Kind))
        {
            errors.Add($"{prefix}.kind", "Must be one of: home, mailing, business.");
        }

        errors.Text($"{prefix}.line1", Line1, 200)
            .Text($"{prefix}.line2", Line2, 200, required: false)
            .Text($"{prefix}.city", City, 100)
            .Text($"{prefix}.region", Region, 100, required: false)
            .Text($"{prefix}.postalCode", PostalCode, 20, required: false)
            .Text($"{prefix}.country", Country, 2, required: false);
    }

    public Address ToAddress() => new()
    {
        Kind = Kind ?? "home",
        Line1 = Line1!.Trim(),
        Line2 = Line2?.Trim(),
        City = City!.Trim(),
        Region = Region?.Trim(),
        PostalCode = PostalCode?.Trim(),
        Country = string.IsNullOrWhiteSpace(Country) ? "US" : Country.Trim().ToUpperInvariant(),
    };
}
