namespace CivicHub.Channels.Chat;

/// <summary>A transcript written to the outbox; the address is shown masked (r***@mail.example), as a confirmation.</summary>
public sealed record TranscriptQueued(Guid MessageId, string SentTo);
