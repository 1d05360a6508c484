namespace CivicHub.Core.Citizens.Matching;

/// <summary>One blocking key of a citizen, indexed so that a new record's candidates are found by index, not by scan.</summary>
public sealed class CitizenMatchKey
{
    public required string Key { get; set; }

    public Guid CitizenId { get; set; }
}
