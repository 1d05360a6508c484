namespace CivicHub.Core.Outreach.Templates;

/// <summary>
/// Everything a template can show, as plain text values: templates see these and nothing else, so an
/// administrator's Liquid cannot reach into the database or the citizen's record.
/// </summary>
public sealed record TemplateModel
{
    public string? GivenName { get; init; }

    public string? CaseReference { get; init; }

    public string? ServiceName { get; init; }

    /// <summary>The case's status in the citizen's language.</summary>
    public string? Status { get; init; }

    public string? Department { get; init; }

    public string? PortalLink { get; init; }

    public string? SurveyLink { get; init; }

    /// <summary>An agent's own words, for the reply wrapper.</summary>
    public string? Text { get; init; }

    public string? AppointmentTime { get; init; }

    public string? AppointmentPlace { get; init; }

    /// <summary>The names templates use, snake_case as Liquid usually reads.</summary>
    public IReadOnlyDictionary<string, string?> Values => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["given_name"] = GivenName,
        ["case_reference"] = CaseReference,
        ["service_name"] = ServiceName,
        ["status"] = Status,
        ["department"] = Department,
        ["portal_link"] = PortalLink,
        ["survey_link"] = SurveyLink,
        ["text"] = Text,
        ["appointment_time"] = AppointmentTime,
        ["appointment_place"] = AppointmentPlace,
    };

    /// <summary>A model with every value filled, to check that a template renders.</summary>
    public static TemplateModel Sample { get; } = new()
    {
        GivenName = "Rosa",
        CaseReference = "K7M4-9QX2",
        ServiceName = "Property tax payment plan",
        Status = "In progress",
        Department = "Department of Revenue",
        PortalLink = "https://example.gov/track/K7M4-9QX2",
        SurveyLink = "https://example.gov/survey",
        Text = "Your payment plan is approved. The first payment is due on the 1st.",
        AppointmentTime = "Tue 3 Mar, 10:30",
        AppointmentPlace = "Springfield City Hall, counter 4",
    };
}
