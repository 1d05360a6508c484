using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using CivicHub.Core.Text;
using Fluid;
using Fluid.Values;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Outreach.Templates;

/// <summary>
/// Renders a notification for a channel and a language with Fluid (Liquid). It looks for the channel's variant in
/// the citizen's language, then the default variant in that language, then the same two in English; at each step
/// an administrator's override beats the shipped template.
/// </summary>
public sealed class TemplateRenderer(CivicHubDb db)
{
    /// <summary>Longer SMS texts are cut: three concatenated segments is what most handsets show as one message.</summary>
    public const int MaxSmsLength = 459;

    private static readonly FluidParser Parser = new();
    private static readonly ConcurrentDictionary<string, IFluidTemplate> Parsed = new(StringComparer.Ordinal);

    // A template sees plain strings only, and a runaway loop stops instead of holding the worker.
    private static readonly TemplateOptions Options = new() { MaxSteps = 10_000, MaxRecursion = 10 };

    /// <summary>An administrator's overrides of the given kinds, in one read: for <see cref="Render(string, Channel, string, TemplateModel, IReadOnlyList{MessageTemplate})"/>.</summary>
    public async Task<IReadOnlyList<MessageTemplate>> OverridesAsync(IReadOnlyCollection<string> kinds, CancellationToken cancellationToken) =>
        await db.MessageTemplates.AsNoTracking().Where(t => kinds.Contains(t.Kind)).ToListAsync(cancellationToken);

    /// <summary>
    /// Renders the chosen template; an administrator's override that fails while rendering (it ran past the step limit,
    /// say) gives way to the shipped template, so one bad override cannot stop the citizens' notifications.
    /// </summary>
    public static RenderedMessage? Render(string kind, Channel channel, string language, TemplateModel model, IReadOnlyList<MessageTemplate> overrides)
    {
        var source = Pick(kind, TemplateVariants.For(channel), language, overrides);
        if (source is null)
        {
            return null;
        }

        try
        {
            return Render(source, channel, model);
        }
        catch (Exception) when (source.Overridden)
        {
            var shipped = Pick(kind, TemplateVariants.For(channel), language, []);
            return shipped is null ? null : Render(shipped, channel, model);
        }
    }

    /// <summary>The template that would be used, after the fallbacks.</summary>
    public async Task<TemplateSource?> FindAsync(string kind, string variant, string language, CancellationToken cancellationToken)
    {
        var overrides = await db.MessageTemplates.AsNoTracking().Where(t => t.Kind == kind).ToListAsync(cancellationToken);
        return Pick(kind, variant, language, overrides);
    }

    /// <summary>The first of the fallbacks that exists, an override before the shipped template at each step.</summary>
    public static TemplateSource? Pick(string kind, string variant, string language, IReadOnlyList<MessageTemplate> overrides)
    {
        foreach (var (v, l) in Candidates(variant, TemplateLanguages.Base(language)))
        {
            if (overrides.FirstOrDefault(t => t.Kind == kind && t.Variant == v && t.Language == l) is { } own)
            {
                return new TemplateSource(own.Kind, own.Variant, own.Language, own.Subject, own.Body, own.HtmlBody) { Overridden = true };
            }

            if (ShippedTemplates.Find(kind, v, l) is { } shipped)
            {
                return shipped;
            }
        }

        return null;
    }

    public static IEnumerable<(string Variant, string Language)> Candidates(string variant, string language)
    {
        yield return (variant, language);
        yield return (TemplateVariants.Default, language);
        if (language != TemplateLanguages.English)
        {
            yield return (variant, TemplateLanguages.English);
            yield return (TemplateVariants.Default, TemplateLanguages.English);
        }
    }

    public static RenderedMessage Render(TemplateSource source, Channel channel, TemplateModel model)
    {
        var values = model.Values;
        var body = Tidy(RenderText(source.Body, values, NullEncoder.Default));
        if (channel == Channel.Sms && body.Length > MaxSmsLength)
        {
            body = TextClip.Clip(body, MaxSmsLength, "…");
        }

        var subject = source.Subject is null ? null : Tidy(RenderText(source.Subject, values, NullEncoder.Default)).ReplaceLineEndings(" ");
        var html = source.HtmlBody is null || channel != Channel.Email ? null : RenderText(source.HtmlBody, values, HtmlEncoder.Default);
        return new RenderedMessage(channel == Channel.Email ? subject : null, body, html, source.Language);
    }

    /// <summary>Null when the Liquid parses; else the parser's message.</summary>
    public static string? ParseError(string? liquid)
    {
        if (liquid is null)
        {
            return null;
        }

        return Parser.TryParse(liquid, out _, out var error) ? null : error;
    }

    private static string RenderText(string liquid, IReadOnlyDictionary<string, string?> values, TextEncoder encoder)
    {
        var template = Parsed.GetOrAdd(liquid, text => Parser.TryParse(text, out var parsed, out var error)
            ? parsed
            : throw new InvalidOperationException($"A stored template does not parse: {error}"));
        var context = new TemplateContext(Options);
        foreach (var (name, value) in values)
        {
            context.SetValue(name, value is null ? NilValue.Instance : new StringValue(value));
        }

        return template.Render(context, encoder);
    }

    // Optional parts leave double spaces and blank lines behind; a message reads better without them.
    private static string Tidy(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n').Select(l => System.Text.RegularExpressions.Regex.Replace(l, "  +", " ").TrimEnd());
        return System.Text.RegularExpressions.Regex.Replace(string.Join('\n', lines), "\n{3,}", "\n\n").Trim();
    }
}
