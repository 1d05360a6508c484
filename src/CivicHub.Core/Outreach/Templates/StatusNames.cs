using CivicHub.Core.Cases;

namespace CivicHub.Core.Outreach.Templates;

/// <summary>A case's status as a citizen reads it, in their language.</summary>
public static class StatusNames
{
    public static string For(CaseStatus status, string language) => (TemplateLanguages.Base(language), status) switch
    {
        ("es", CaseStatus.Submitted) => "recibida",
        ("es", CaseStatus.Triaged) => "en revisión",
        ("es", CaseStatus.InProgress) => "en trámite",
        ("es", CaseStatus.WaitingOnCitizen) => "esperando información suya",
        ("es", CaseStatus.Resolved) => "resuelta",
        ("es", CaseStatus.Closed) => "cerrada",
        (_, CaseStatus.Submitted) => "received",
        (_, CaseStatus.Triaged) => "being reviewed",
        (_, CaseStatus.InProgress) => "in progress",
        (_, CaseStatus.WaitingOnCitizen) => "waiting for information from you",
        (_, CaseStatus.Resolved) => "resolved",
        _ => "closed",
    };
}
