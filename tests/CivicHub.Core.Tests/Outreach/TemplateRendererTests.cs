using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach.Templates;

namespace CivicHub.Core.Tests.Outreach;

public sealed class TemplateRendererTests
{
    private static readonly TemplateModel Model = TemplateModel.Sample with { Status = "en trámite" };

    private static RenderedMessage Render(string kind, Channel channel, string language, params MessageTemplate[] overrides) =>
        TemplateRenderer.Render(TemplateRenderer.Pick(kind, TemplateVariants.For(channel), language, overrides)!, channel, Model);

    [Fact]
    public void Every_kind_ships_a_default_in_english_and_spanish()
    {
        foreach (var kind in NotificationKinds.All)
        {
            foreach (var language in TemplateLanguages.Shipped)
            {
                Assert.NotNull(ShippedTemplates.Find(kind, TemplateVariants.Default, language));
            }
        }
    }

    [Fact]
    public void Sms_is_short_and_plain_email_has_a_subject_and_encoded_html()
    {
        var sms = Render(NotificationKinds.CaseReceived, Channel.Sms, "en");
        Assert.Null(sms.Subject);
        Assert.Null(sms.HtmlBody);
        Assert.Contains("K7M4-9QX2", sms.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", sms.Body, StringComparison.Ordinal);

        var email = TemplateRenderer.Render(
            TemplateRenderer.Pick(NotificationKinds.AgentReply, TemplateVariants.Email, "en", [])!, Channel.Email, Model with { Text = "Use <b>form</b> 7 & sign" });
        Assert.Equal("Re: your request K7M4-9QX2", email.Subject);
        Assert.Contains("Use <b>form</b> 7 & sign", email.Body, StringComparison.Ordinal);
        Assert.Contains("Use &lt;b&gt;form&lt;/b&gt; 7 &amp; sign", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Spanish_is_used_for_spanish_speakers_and_a_regional_tag_reads_the_base_language()
    {
        var sms = Render(NotificationKinds.CaseResolved, Channel.Sms, "es-MX");
        Assert.Equal("es", sms.Language);
        Assert.Contains("está resuelta", sms.Body, StringComparison.Ordinal);
        Assert.Contains("https://example.gov/survey", sms.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_variant_falls_back_to_the_default_and_a_missing_language_to_english()
    {
        // The status answer has no SMS variant: every channel gives the same answer.
        var sms = Render(NotificationKinds.StatusAnswer, Channel.Sms, "es");
        Assert.Equal(ShippedTemplates.Find(NotificationKinds.StatusAnswer, TemplateVariants.Default, "es")!.Body, TemplateRenderer.Pick(NotificationKinds.StatusAnswer, "sms", "es", [])!.Body);
        Assert.Equal("es", sms.Language);

        var vietnamese = Render(NotificationKinds.CaseReceived, Channel.Email, "vi");
        Assert.Equal("en", vietnamese.Language);
        Assert.Equal("We received your request K7M4-9QX2", vietnamese.Subject);
    }

    [Fact]
    public void An_override_wins_over_the_shipped_template_for_its_own_variant_and_language_only()
    {
        var mine = new MessageTemplate { Kind = NotificationKinds.CaseReceived, Variant = "sms", Language = "es", Body = "Hola {{ given_name }}: {{ case_reference }}", UpdatedBy = "staff:x" };
        Assert.Equal("Hola Rosa: K7M4-9QX2", Render(NotificationKinds.CaseReceived, Channel.Sms, "es", mine).Body);
        Assert.NotEqual(mine.Body, TemplateRenderer.Pick(NotificationKinds.CaseReceived, "sms", "en", [mine])!.Body);
    }

    [Fact]
    public void Templates_see_only_the_model_values()
    {
        var probe = new MessageTemplate { Kind = NotificationKinds.AgentReply, Variant = "default", Language = "en", Body = "[{{ citizen.identities }}{{ db }}{{ text.size }}]", UpdatedBy = "x" };
        var rendered = TemplateRenderer.Render(TemplateRenderer.Pick(NotificationKinds.AgentReply, "default", "en", [probe])!, Channel.Chat, Model);
        Assert.Equal($"[{Model.Text!.Length}]", rendered.Body);
    }

    [Fact]
    public void Every_shipped_sms_fits_two_segments_with_realistic_values()
    {
        foreach (var source in ShippedTemplates.All.Where(t => t.Variant is "sms" or "default"))
        {
            var sms = TemplateRenderer.Render(source, Channel.Sms, Model);
            Assert.True(sms.Body.Length <= ManageTemplates.MaxSmsSampleLength, $"{source.Kind}/{source.Variant}/{source.Language} renders {sms.Body.Length} characters.");
        }
    }

    [Fact]
    public void Broken_liquid_is_reported()
    {
        Assert.NotNull(TemplateRenderer.ParseError("{% if x %}never closed"));
        Assert.Null(TemplateRenderer.ParseError("{{ case_reference }}"));
    }

    [Fact]
    public void An_override_that_fails_to_render_gives_way_to_the_shipped_template()
    {
        var runaway = new MessageTemplate { Kind = NotificationKinds.CaseReceived, Variant = "sms", Language = "en", Body = "{% for i in (1..1000000) %}x{% endfor %}", UpdatedBy = "x" };
        var rendered = TemplateRenderer.Render(NotificationKinds.CaseReceived, Channel.Sms, "en", Model, [runaway]);
        Assert.NotNull(rendered);
        Assert.Contains("we received your request K7M4-9QX2", rendered.Body, StringComparison.Ordinal);
    }
}
