using CivicHub.Channels;
using CivicHub.Channels.Sms;
using CivicHub.Channels.Social;

namespace CivicHub.Server.Tests.Channels;

/// <summary>The signature algorithms against the providers' own published example and against the tests' independent versions.</summary>
public sealed class ProviderSignatureTests
{
    // Twilio's documented example: this URL, these parameters and auth token 12345 sign to this value.
    private const string TwilioExampleUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string TwilioExampleSignature = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

    private static readonly Dictionary<string, string> TwilioExampleParameters = new()
    {
        ["CallSid"] = "CA1234567890ABCDE",
        ["Caller"] = "+12349013030",
        ["Digits"] = "1234",
        ["From"] = "+12349013030",
        ["To"] = "+18005551212",
    };

    [Fact]
    public void Twilio_signature_matches_the_providers_published_example()
    {
        Assert.Equal(TwilioExampleSignature, ProviderSignatures.Twilio("12345", TwilioExampleUrl, TwilioExampleParameters));
        Assert.Equal(TwilioExampleSignature, TwilioSignature.Compute("12345", TwilioExampleUrl, TwilioExampleParameters));
        Assert.True(TwilioSignature.IsValid("12345", TwilioExampleUrl, TwilioExampleParameters, TwilioExampleSignature));
        Assert.False(TwilioSignature.IsValid("12346", TwilioExampleUrl, TwilioExampleParameters, TwilioExampleSignature));
        Assert.False(TwilioSignature.IsValid("12345", TwilioExampleUrl + "&x=1", TwilioExampleParameters, TwilioExampleSignature));
    }

    [Fact]
    public void Meta_signature_is_checked_over_the_exact_bytes()
    {
        var body = "{\"object\":\"page\",\"entry\":[]}"u8.ToArray();
        var header = ProviderSignatures.Meta("secret", body);
        Assert.Equal(header, MessengerSignature.Compute("secret", body));
        Assert.True(MessengerSignature.IsValid("secret", body, header));
        Assert.False(MessengerSignature.IsValid("secret", "{\"object\":\"page\",\"entry\":[] }"u8, header));
        Assert.False(MessengerSignature.IsValid("other", body, header));
        Assert.False(MessengerSignature.IsValid("secret", body, header.ToUpperInvariant()));
        Assert.False(MessengerSignature.IsValid("secret", body, null));
    }

    [Fact]
    public void Long_text_is_split_at_word_boundaries_into_numbered_parts_within_the_limit()
    {
        var words = Enumerable.Range(0, 500).Select(i => $"word{i}").ToArray();
        var text = string.Join(' ', words);
        var parts = TextSegments.Split(text, 1_600);
        Assert.Equal(3, parts.Count);
        Assert.All(parts, p => Assert.True(p.Length <= 1_600, $"{p.Length} characters"));
        Assert.Equal(["(1/3) ", "(2/3) ", "(3/3) "], parts.Select(p => p[..6]));
        Assert.Equal(words, parts.SelectMany(p => p[6..].Split(' ')));
        Assert.Equal(["short text"], TextSegments.Split("short text", 1_600));
    }
}
