namespace CivicHub.Core.Outreach.Templates;

/// <summary>An administrator's replacement for one shipped template (kind, variant, language).</summary>
public sealed class MessageTemplate
{
    public int Id { get; set; }

    public required string Kind { get; set; }

    public required string Variant { get; set; }

    public required string Language { get; set; }

    /// <summary>Liquid for the subject (email only).</summary>
    public string? Subject { get; set; }

    /// <summary>Liquid for the text.</summary>
    public required string Body { get; set; }

    /// <summary>Liquid for the HTML alternative (email only); values are HTML-encoded when rendered.</summary>
    public string? HtmlBody { get; set; }

    public DateTime UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }
}
