namespace CivicHub.Core.Citizens;

/// <summary>A postal address a citizen gave us.</summary>
public sealed class Address
{
    /// <summary>"home", "mailing" or "business".</summary>
    public string Kind { get; set; } = "home";

    public required string Line1 { get; set; }

    public string? Line2 { get; set; }

    public required string City { get; set; }

    public string? Region { get; set; }

    public string? PostalCode { get; set; }

    public string Country { get; set; } = "US";

    public override string ToString() =>
        string.Join(", ", new[] { Line1, Line2, City, string.Join(' ', new[] { Region, PostalCode }.Where(p => !string.IsNullOrEmpty(p))) }
            .Where(p => !string.IsNullOrWhiteSpace(p)));
}
