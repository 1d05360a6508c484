namespace CivicHub.Core.Outreach.Templates;

/// <summary>The Liquid text of one template: what ships with CivicHub or what an administrator put in its place.</summary>
public sealed record TemplateSource(string Kind, string Variant, string Language, string? Subject, string Body, string? HtmlBody)
{
    /// <summary>True when an administrator's override, false when the shipped default.</summary>
    public bool Overridden { get; init; }
}
