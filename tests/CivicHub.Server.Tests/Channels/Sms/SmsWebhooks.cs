using System.Xml.Linq;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Channels.Sms;

/// <summary>Sends the host what Twilio sends: signed form posts to the SMS webhooks, and reads TwiML answers.</summary>
public static class SmsWebhooks
{
    /// <summary>An inbound text as Twilio's Messaging webhook posts it.</summary>
    public static Dictionary<string, string> Text(string from, string body, string? sid = null)
    {
        sid ??= "SM" + Guid.NewGuid().ToString("N");
        return new()
        {
            ["ToCountry"] = "US",
            ["ToState"] = "IL",
            ["SmsMessageSid"] = sid,
            ["NumMedia"] = "0",
            ["ToCity"] = "SPRINGFIELD",
            ["FromZip"] = "60601",
            ["SmsSid"] = sid,
            ["FromState"] = "IL",
            ["SmsStatus"] = "received",
            ["FromCity"] = "CHICAGO",
            ["Body"] = body,
            ["FromCountry"] = "US",
            ["To"] = CivicHubHost.SmsFrom,
            ["ToZip"] = "62701",
            ["NumSegments"] = "1",
            ["MessageSid"] = sid,
            ["AccountSid"] = CivicHubHost.SmsAccountSid,
            ["From"] = from,
            ["ApiVersion"] = "2010-04-01",
        };
    }

    /// <summary>Posts the form signed as Twilio signs it (over the public URL it was told to call), or with the given signature.</summary>
    public static async Task<HttpResponseMessage> PostAsync(CivicHubHost host, string path, IReadOnlyDictionary<string, string> form, string? signature = null)
    {
        using var client = host.AnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Http.Url(path)) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature ?? ProviderSignatures.Twilio(CivicHubHost.SmsAuthToken, CivicHubHost.PublicBaseUrl + path, form));
        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> InboundAsync(CivicHubHost host, IReadOnlyDictionary<string, string> form) => PostAsync(host, "/channels/sms/inbound", form);

    /// <summary>The TwiML answer's immediate reply, or null for an empty Response; asserts 200 text/xml.</summary>
    public static async Task<string?> TwimlReplyAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var document = XDocument.Parse(text);
        Assert.Equal("Response", document.Root!.Name.LocalName);
        return document.Root.Element("Message")?.Value;
    }

    public static Task<SendResult> SendAsync(CivicHubHost host, Channel channel, string to, string body) =>
        host.InScopeAsync(sp => sp.GetServices<IChannelSender>().Single(s => s.Channel == channel)
            .SendAsync(new ChannelSend(Guid.NewGuid(), to, body), CancellationToken.None));
}
