namespace CivicHub.Core.Outreach.Templates;

/// <summary>A notification rendered for one channel and language.</summary>
public sealed record RenderedMessage(string? Subject, string Body, string? HtmlBody, string Language);
