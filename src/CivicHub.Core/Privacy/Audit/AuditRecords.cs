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

    public const string Messages = "messages";
    public const string Preferences = "preferences";
    public const string Merge = "merge";
    public const string MatchReview = "match_review";
    public const string Chat = "chat";

    public const string Consent = "consent";
    public const string Agreement = "agreement";
    public const string CitizenSearch = "citizen_search";
    public const string AuditLog = "audit_log";

    // Lists that show several citizens' names: one entry names the citizens shown (docs/privacy.md, "Audit").
    public const string InboxList = "inbox";
    public const string ChatQueue = "chat_queue";
    public const string MatchReviewList = "match_reviews";
    public const string ImportLinks = "import_links";
}
