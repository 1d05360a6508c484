namespace CivicHub.Core.Attachments;

/// <summary>A kept file as a timeline entry lists it; the bytes are at /api/v1/attachments/{id}.</summary>
public sealed record TimelineAttachment(Guid Id, string FileName, string ContentType, long Length);
