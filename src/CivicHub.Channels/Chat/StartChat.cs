namespace CivicHub.Channels.Chat;

/// <summary>A visitor's Start: the token kept from last time (if any), the page's department and language.</summary>
public sealed record StartChat(string? SessionToken, string? Department, string? Language);
