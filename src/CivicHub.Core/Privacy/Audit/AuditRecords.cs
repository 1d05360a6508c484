namespace CivicHub.Core.Privacy.Audit;

/// <summary>The record kinds the audit log names, stable strings that exports and filters use.</summary>
public static class AuditRecords
{
    public const string Citizen = "citizen";
    public const string Timeline = "timeline";
    public const string Identity = "identity";
    public const string Address = "address";
    public const string Case = "case";
    public const string Interaction = "interaction";
    public const string Draft = "draft";
    public const string Attachment = "attachment";
    public const string Account = "account";

    public const string Consent = "consent";
    public const string CitizenSearch = "citizen_search";
    public const string AuditLog = "audit_log";
}
