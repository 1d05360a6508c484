namespace CivicHub.Core.Outreach.Templates;

/// <summary>The notifications outreach sends, each a template with a variant per channel and language.</summary>
public static class NotificationKinds
{
    public const string CaseReceived = "case.received";
    public const string StatusChanged = "case.status_changed";
    public const string InformationNeeded = "case.information_needed";
    public const string AppointmentReminder = "appointment.reminder";
    public const string CaseResolved = "case.resolved";
    public const string StatusAnswer = "case.status_answer";

    /// <summary>The answer to a status question quoting a reference that is not the sender's: it reveals nothing.</summary>
    public const string StatusUnknown = "case.status_unknown";
    public const string AgentReply = "agent.reply";

    public static IReadOnlyList<string> All { get; } =
        [CaseReceived, StatusChanged, InformationNeeded, AppointmentReminder, CaseResolved, StatusAnswer, StatusUnknown, AgentReply];
}
