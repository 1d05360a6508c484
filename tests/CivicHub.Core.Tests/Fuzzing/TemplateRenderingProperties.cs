using System.Net;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach.Templates;
using FsCheck;
using FsCheck.Fluent;

namespace CivicHub.Core.Tests.Fuzzing;

/// <summary>
/// Notifications render citizens' and staff's words (names, message text, places) through Fluid templates. Those
/// words are data: Liquid syntax inside them must come out as the same characters, never run as template code.
/// </summary>
public sealed class TemplateRenderingProperties
{
    /// <summary>Liquid that would show itself by running: arithmetic, loops, assignments, raw blocks, references to other values.</summary>
    private static readonly string[] Liquid =
    [
        "{{ 6 | times: 7 }}", "{% for i in (1..100000000) %}x{% endfor %}", "{{ case_reference }}", "{% assign given_name = 'x' %}",
        "{% raw %}", "{% endraw %}", "{%", "%}", "{{", "}}", "{{ 'a' | append: 'b' }}", "{% if true %}yes{% endif %}", "{% comment %}",
        "{{ given_name | upcase }}", "{% include 'x' %}", "{% capture c %}", "{{-", "-}}", "{{ text }}",
    ];

    /// <summary>Words of any kind around Liquid fragments, without line breaks or runs of blanks (a message is tidied of those).</summary>
    private static readonly Arbitrary<string> UserWords = Gen.OneOf(
            Gen.Elements(Liquid),
            FuzzRuns.AnyText.Generator.Select(s => new string([.. s.Where(c => !char.IsWhiteSpace(c) && !char.IsSurrogate(c))])))
        .ArrayOf().Select(parts => string.Join(' ', parts.Where(p => p.Length > 0)))
        .ToArbitrary();

    [Fact]
    public void Liquid_inside_user_data_comes_out_as_the_same_characters_and_is_never_run() =>
        Prop.ForAll(UserWords, UserWords, (name, text) =>
        {
            var source = new TemplateSource("test", TemplateVariants.Default, "en", "Re: {{ given_name }}", "[{{ given_name }}] [{{ text }}]", "<p>{{ text }}</p>");
            var model = new TemplateModel { GivenName = name, Text = text, CaseReference = "K7M4-9QX2" };
            var rendered = TemplateRenderer.Render(source, Channel.Email, model);
            return rendered.Body == $"[{name}] [{text}]"
                && rendered.Subject == $"Re: {name}".Trim()
                && WebUtility.HtmlDecode(rendered.HtmlBody) == $"<p>{text}</p>";
        }).Check(FuzzRuns.Config);

    [Fact]
    public void Every_shipped_template_renders_any_user_data_on_every_channel_and_an_sms_stays_within_three_segments() =>
        Prop.ForAll(
            (from kind in Gen.Elements(NotificationKinds.All.ToArray())
             from channel in Gen.Elements(Channel.Sms, Channel.Email, Channel.Chat, Channel.Social, Channel.Web)
             from language in Gen.Elements("en", "es", "fr-CA", "zz", "")
             select (kind, channel, language)).ToArbitrary(),
            UserWords,
            FuzzRuns.AnyText,
            (template, name, text) =>
            {
                var (kind, channel, language) = template;
                var model = TemplateModel.Sample with { GivenName = name, Text = text, AppointmentPlace = text, ServiceName = name };
                var rendered = TemplateRenderer.Render(kind, channel, language, model, []);
                return rendered is not null
                    && (channel != Channel.Sms || rendered.Body.Length <= TemplateRenderer.MaxSmsLength)
                    && rendered.Subject?.Contains('\n', StringComparison.Ordinal) != true;
            }).Check(FuzzRuns.Config);
}
