using CivicHub.Channels;
using CivicHub.Channels.Email;
using CivicHub.Channels.Sms;
using CivicHub.Core.Tests.Fuzzing;
using FsCheck;
using FsCheck.Fluent;

namespace CivicHub.Server.Tests.Channels;

/// <summary>The channels' parsers of provider and citizen input, fed anything: they never throw and their output stays bounded.</summary>
public sealed class ChannelParserProperties
{
    [Fact]
    public void Html_of_any_shape_becomes_text_without_markup_or_script_and_no_longer_than_it_was() =>
        Prop.ForAll(FuzzRuns.AnyText, html =>
        {
            var text = HtmlText.ToText(html);
            return text.Length <= html.Length && !text.Contains("alert(1)", StringComparison.Ordinal) == !StripsToScriptText(html);
        }).Check(FuzzRuns.Config);

    [Fact]
    public void Any_text_splits_into_numbered_parts_within_the_limit_that_keep_every_word_in_order() =>
        Prop.ForAll(FuzzRuns.AnyText, Gen.Choose(20, 1600).ToArbitrary(), (text, limit) =>
        {
            var parts = TextSegments.Split(text, limit);
            var rejoined = string.Concat(parts.Select(p => parts.Count > 1 ? p[(p.IndexOf(") ", StringComparison.Ordinal) + 2)..] : p));
            return parts.Count > 0 && parts.All(p => p.Length <= limit) && WithoutSpace(rejoined) == WithoutSpace(text);
        }).Check(FuzzRuns.Config);

    [Fact]
    public void A_twilio_signature_holds_for_exactly_the_parameters_it_signed() =>
        Prop.ForAll(FuzzRuns.AnyText, FuzzRuns.AnyText, FuzzRuns.AnyText, (token, body, forged) =>
        {
            var url = "https://civichub.example.gov/channels/sms/inbound";
            var parameters = new Dictionary<string, string> { ["Body"] = body, ["From"] = "+12175550100", ["MessageSid"] = "SM1" };
            var signature = ProviderSignatures.Twilio(token, url, parameters);
            var tampered = new Dictionary<string, string>(parameters) { ["Body"] = body + "!" };
            return TwilioSignature.IsValid(token, url, parameters, signature)
                && !TwilioSignature.IsValid(token, url, tampered, signature)
                && (forged == signature || !TwilioSignature.IsValid(token, url, parameters, forged));
        }).Check(FuzzRuns.Config);

    private static string WithoutSpace(string text) => new([.. text.Where(c => !char.IsWhiteSpace(c))]);

    /// <summary>When the input only says alert(1) inside a script element, the text must not; outside one it may, as words.</summary>
    private static bool StripsToScriptText(string html) =>
        html.Replace("<script>alert(1)</script>", "", StringComparison.Ordinal).Contains("alert(1)", StringComparison.Ordinal);
}
