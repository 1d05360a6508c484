using CivicHub.Core.Access;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Staff;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Outreach.Templates;

/// <summary>
/// Administrators read every template and override one (kind, variant, language); deleting the override brings the
/// shipped one back. Liquid that does not parse, or that renders an SMS too long, is refused naming the field.
/// </summary>
public sealed class ManageTemplates(CivicHubDb db, TimeProvider time)
{
    /// <summary>Two SMS segments with sample values: room for the values real cases have.</summary>
    public const int MaxSmsSampleLength = 320;

    public sealed record Request(string? Subject, string? Body, string? HtmlBody);

    public async Task<Outcome<IReadOnlyList<TemplateView>>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.IsStaff(StaffRole.Administrator))
        {
            return OutcomeProblem.Forbidden("Only an administrator may manage message templates.");
        }

        var overrides = await db.MessageTemplates.AsNoTracking().ToListAsync(cancellationToken);
        var views = ShippedTemplates.All
            .Where(s => !overrides.Any(o => o.Kind == s.Kind && o.Variant == s.Variant && o.Language == s.Language))
            .Select(s => new TemplateView(s.Kind, s.Variant, s.Language, s.Subject, s.Body, s.HtmlBody, false, null, null))
            .Concat(overrides.Select(View))
            .OrderBy(v => v.Kind, StringComparer.Ordinal).ThenBy(v => v.Variant, StringComparer.Ordinal).ThenBy(v => v.Language, StringComparer.Ordinal)
            .ToList();
        return views;
    }

    public async Task<Outcome<TemplateView>> GetAsync(string kind, string variant, string language, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.IsStaff(StaffRole.Administrator))
        {
            return OutcomeProblem.Forbidden("Only an administrator may manage message templates.");
        }

        var own = await db.MessageTemplates.AsNoTracking()
            .FirstOrDefaultAsync(t => t.Kind == kind && t.Variant == variant && t.Language == language, cancellationToken);
        if (own is not null)
        {
            return View(own);
        }

        return ShippedTemplates.Find(kind, variant, language) is { } s
            ? new TemplateView(s.Kind, s.Variant, s.Language, s.Subject, s.Body, s.HtmlBody, false, null, null)
            : OutcomeProblem.NotFound($"No template {kind}/{variant}/{language}: the renderer falls back to the default variant and to English.");
    }

    public async Task<Outcome<TemplateView>> PutAsync(string kind, string variant, string language, Request request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!actor.IsStaff(StaffRole.Administrator))
        {
            return OutcomeProblem.Forbidden("Only an administrator may manage message templates.");
        }

        var errors = Validate(kind, variant, language, request);
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var own = await db.MessageTemplates.FirstOrDefaultAsync(t => t.Kind == kind && t.Variant == variant && t.Language == language, cancellationToken);
        if (own is null)
        {
            own = new MessageTemplate { Kind = kind, Variant = variant, Language = language, Body = "", UpdatedBy = "" };
            db.MessageTemplates.Add(own);
        }

        own.Subject = variant == TemplateVariants.Email ? request.Subject : null;
        own.Body = request.Body!;
        own.HtmlBody = variant == TemplateVariants.Email ? request.HtmlBody : null;
        own.UpdatedAt = time.GetUtcNow().UtcDateTime;
        own.UpdatedBy = actor.ToString();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return OutcomeProblem.Conflict("Another administrator saved this template at the same moment; read it and try again.");
        }

        return View(own);
    }

    public async Task<Outcome<TemplateView>> DeleteAsync(string kind, string variant, string language, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.IsStaff(StaffRole.Administrator))
        {
            return OutcomeProblem.Forbidden("Only an administrator may manage message templates.");
        }

        var own = await db.MessageTemplates.FirstOrDefaultAsync(t => t.Kind == kind && t.Variant == variant && t.Language == language, cancellationToken);
        if (own is null)
        {
            return OutcomeProblem.NotFound($"There is no override of {kind}/{variant}/{language}.");
        }

        db.MessageTemplates.Remove(own);
        await db.SaveChangesAsync(cancellationToken);
        return View(own);
    }

    private static ValidationErrors Validate(string kind, string variant, string language, Request request)
    {
        var errors = new ValidationErrors();
        if (!NotificationKinds.All.Contains(kind))
        {
            errors.Add("kind", $"Must be one of: {string.Join(", ", NotificationKinds.All)}.");
        }

        if (!TemplateVariants.All.Contains(variant))
        {
            errors.Add("variant", $"Must be one of: {string.Join(", ", TemplateVariants.All)}.");
        }

        if (Citizens.Languages.Validate(language, errors, "language") != language || TemplateLanguages.Base(language) != language)
        {
            errors.Add("language", "Must be a base language tag in lower case, such as \"en\" or \"es\".");
        }

        errors.Text("body", request.Body, 20_000).Text("subject", request.Subject, 1_000, required: false).Text("htmlBody", request.HtmlBody, 50_000, required: false);
        if (variant != TemplateVariants.Email)
        {
            if (request.Subject is not null)
            {
                errors.Add("subject", "Only the email variant has a subject.");
            }

            if (request.HtmlBody is not null)
            {
                errors.Add("htmlBody", "Only the email variant has an HTML body.");
            }
        }

        foreach (var (field, liquid) in new[] { ("subject", request.Subject), ("body", request.Body), ("htmlBody", request.HtmlBody) })
        {
            if (TemplateRenderer.ParseError(liquid) is { } error)
            {
                errors.Add(field, $"The Liquid does not parse: {error}");
            }
        }

        if (!errors.Any)
        {
            var channel = variant == TemplateVariants.Sms ? Channel.Sms : variant == TemplateVariants.Email ? Channel.Email : Channel.Chat;
            try
            {
                var sample = TemplateRenderer.Render(new TemplateSource(kind, variant, language, request.Subject, request.Body!, request.HtmlBody), channel, TemplateModel.Sample);
                if (variant == TemplateVariants.Sms && sample.Body.Length > MaxSmsSampleLength)
                {
                    errors.Add("body", $"With sample values it renders {sample.Body.Length} characters; an SMS template must stay within {MaxSmsSampleLength}.");
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Liquid that parses can still fail to render, a loop past the step limit for one.
                errors.Add("body", $"The Liquid does not render with sample values: {ex.Message}");
            }
        }

        return errors;
    }

    private static TemplateView View(MessageTemplate t) =>
        new(t.Kind, t.Variant, t.Language, t.Subject, t.Body, t.HtmlBody, true, t.UpdatedAt, t.UpdatedBy);
}
