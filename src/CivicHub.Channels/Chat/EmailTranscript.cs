namespace CivicHub.Channels.Chat;

/// <summary>A request to email the transcript; without <see cref="Email"/> it goes to the citizen's known address.</summary>
public sealed record EmailTranscript(string? Email);
