namespace CivicHub.Core.Attachments;

/// <summary>One file of an upload that the rules refuse, and why: the portal says it in the citizen's language.</summary>
public sealed record AttachmentRefusal(string FileName, AttachmentRefusalReason Reason);
