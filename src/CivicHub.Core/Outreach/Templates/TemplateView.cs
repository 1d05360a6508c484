namespace CivicHub.Core.Outreach.Templates;

/// <summary>A template as administrators see it: the Liquid in use and whether it is their override.</summary>
public sealed record TemplateView(
    string Kind, string Variant, string Language, string? Subject, string Body, string? HtmlBody, bool Overridden, DateTime? UpdatedAt, string? UpdatedBy);
