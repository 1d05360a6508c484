namespace CivicHub.Core.Citizens;

/// <summary>What a citizen chose to tell us about themselves, for channel analytics; every part is optional.</summary>
public sealed class Demographics
{
    /// <summary>"under-18", "18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+".</summary>
    public string? AgeBand { get; set; }

    /// <summary>Needs such as "screen-reader", "large-print", "interpreter", "deaf".</summary>
    public List<string> AccessibilityNeeds { get; set; } = [];

    public string? District { get; set; }
}
