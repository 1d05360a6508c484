using CivicHub.Core.Cases;
using CivicHub.Core.Chat;
using CivicHub.Core.Citizens;
using CivicHub.Core.Drafts;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;

namespace CivicHub.Core.Privacy.Export;

/// <summary>The "everything held about me" document: what <see cref="CitizenDataExport"/> returns, as JSON.</summary>
public sealed record CitizenData(
    DateTime ExportedAt,
    CitizenData.Profile Citizen,
    IReadOnlyList<CitizenData.IdentityEntry> Identities,
    CitizenData.Account? PortalAccount,
    IReadOnlyList<CitizenData.CaseEntry> Cases,
    IReadOnlyList<CitizenData.InteractionEntry> Interactions,
    IReadOnlyList<CitizenData.DraftEntry> Drafts,
    IReadOnlyList<CitizenData.ChatEntry> ChatConversations,
    IReadOnlyList<CitizenData.MessageEntry> OutboundMessages)
{
    public sealed record Profile(
        Guid Id, string? GivenName, string? FamilyName, DateOnly? DateOfBirth, string PreferredLanguage, IReadOnlyList<Channel> PreferredChannels,
        TimeOnly? QuietHoursStart, TimeOnly? QuietHoursEnd, string? TimeZone, IReadOnlyList<Address> Addresses, Demographics Demographics,
        bool IsProvisional, DateTime CreatedAt);

    /// <summary>An identity, with the consent it carries: when the citizen opted out of messages on it.</summary>
    public sealed record IdentityEntry(IdentityKind Kind, string Display, bool Verified, DateTime CreatedAt, DateTime? OptedOutAt);

    public sealed record Account(string Email, DateTime CreatedAt, DateTime? EmailVerifiedAt, DateTime? LastSignInAt);

    public sealed record CaseEntry(
        string Reference, string Title, string? Description, string? Service, CaseStatus Status, string? LocationAddress,
        IReadOnlyDictionary<string, string> Answers, DateTime CreatedAt, DateTime? ResolvedAt, DateTime? ClosedAt, IReadOnlyList<ChangeEntry> History)
    {
        /// <summary>Sensitive answers left out of a staff export whose reader lacks the sensitive-fields category (never of the citizen's own).</summary>
        public IReadOnlyList<string> WithheldAnswers { get; init; } = [];
    }

    /// <summary>A step in a case's history; staff's internal note texts are not part of it.</summary>
    public sealed record ChangeEntry(CaseChangeKind Kind, string? From, string? To, DateTime At);

    public sealed record InteractionEntry(
        long Id, string? CaseReference, Channel Channel, Direction Direction, DateTime OccurredAt, string? Subject, string Body,
        IReadOnlyList<AttachmentEntry> Attachments);

    public sealed record AttachmentEntry(Guid Id, string FileName, string ContentType, long Length, string Link);

    public sealed record DraftEntry(Guid Id, string? Service, DraftStatus Status, IReadOnlyDictionary<string, string> Answers, DateTime CreatedAt, DateTime UpdatedAt)
    {
        /// <summary>Sensitive answers left out of a staff export whose reader lacks the sensitive-fields category (never of the citizen's own).</summary>
        public IReadOnlyList<string> WithheldAnswers { get; init; } = [];
    }

    public sealed record ChatEntry(Guid Id, ChatConversationStatus Status, DateTime StartedAt, DateTime? ClosedAt);

    public sealed record MessageEntry(Guid Id, Channel Channel, string Recipient, string? Subject, string Body, OutboundStatus Status, DateTime CreatedAt, DateTime? SentAt);
}
