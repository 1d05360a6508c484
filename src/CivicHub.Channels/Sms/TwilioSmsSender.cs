using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CivicHub.Core.Citizens;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using CivicHub.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CivicHub.Channels.Sms;

/// <summary>
/// Sends texts through Twilio's Messages REST API (POST /2010-04-01/Accounts/{AccountSid}/Messages.json). A text
/// longer than one message may be is sent as numbered parts; the first part's SID identifies the message.
/// </summary>
public sealed partial class TwilioSmsSender(
    IHttpClientFactory httpClients,
    SmsOptOuts optOuts,
    IdentityNormalizer normalizer,
    IOptions<SmsOptions> options,
    ILogger<TwilioSmsSender> logger) : IChannelSender
{
    public const string HttpClientName = "sms-twilio";

    /// <summary>Twilio refuses a Body longer than this.</summary>
    public const int MaxBodyLength = 1_600;

    // Twilio's error codes that say the number will never take this text.
    private const int Unsubscribed = 21610;
    private const int InvalidNumber = 21211;
    private const int NotMobile = 21614;

    public Channel Channel => Channel.Sms;

    /// <summary>Off, the channel is unavailable to outreach; a message already queued for it is refused and falls back.</summary>
    public bool Configured => options.Value.Enabled;

    public async Task<SendResult> SendAsync(ChannelSend message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return SendResult.Rejected("The SMS channel is not enabled.");
        }

        var (to, error) = normalizer.NormalizePhone(message.Recipient);
        if (to is null)
        {
            return SendResult.Rejected($"Recipient: {error}");
        }

        // The last guard: whatever decided to send, a number that said STOP is never texted.
        if (await optOuts.IsOptedOutAsync(to, cancellationToken))
        {
            return SendResult.Rejected("The recipient opted out of texts (STOP).");
        }

        var parts = TextSegments.Split(message.Body, MaxBodyLength);
        string? firstSid = null;
        for (var i = 0; i < parts.Count; i++)
        {
            var (result, code) = await SendPartAsync(settings, to, message.From ?? settings.From!, parts[i], cancellationToken);
            if (result.Outcome != SendOutcome.Sent)
            {
                if (code == Unsubscribed)
                {
                    await optOuts.OptOutAsync(to, cancellationToken);
                }

                if (firstSid is null)
                {
                    return result;
                }

                // Retrying now would text the earlier parts twice; the citizen has the start, the log says what is missing.
                LogPartialSend(logger, message.MessageId, i + 1, parts.Count);
                return new SendResult(SendOutcome.Sent, firstSid, $"Parts {i + 1} to {parts.Count} of {parts.Count} not sent: {result.Error}");
            }

            firstSid ??= result.ProviderMessageId;
        }

        return SendResult.Sent(firstSid!);
    }

    private async Task<(SendResult Result, int? Code)> SendPartAsync(SmsOptions settings, string to, string from, string body, CancellationToken cancellationToken)
    {
        var baseUrl = settings.BaseUrl ?? SmsOptions.DefaultBaseUrl;
        var uri = new Uri(baseUrl, $"2010-04-01/Accounts/{Uri.EscapeDataString(settings.AccountSid!)}/Messages.json");
        var form = new List<KeyValuePair<string, string>> { new("To", to), new("From", from), new("Body", body) };
        if (settings.PublicBaseUrl is { } publicBase)
        {
            form.Add(new("StatusCallback", publicBase.ToString().TrimEnd('/') + "/channels/sms/status"));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.AuthToken}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return (ReadSid(text) is { } sid ? SendResult.Sent(sid) : SendResult.Retry("The provider accepted the text but answered no sid."), null);
            }

            var (code, detail) = ReadError(text);
            var description = $"HTTP {(int)response.StatusCode}, code {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}: {detail}";
            if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
            {
                return (SendResult.Retry(description), code);
            }

            LogRejected(logger, (int)response.StatusCode, code);
            var reason = code switch
            {
                Unsubscribed => "The recipient unsubscribed (STOP) at the provider. ",
                InvalidNumber or NotMobile => "The number cannot take texts. ",
                _ => "",
            };
            return (SendResult.Rejected(reason + description), code);
        }
        catch (HttpRequestException e)
        {
            return (SendResult.Retry($"The provider could not be reached: {e.Message}"), null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (SendResult.Retry($"The provider did not answer within {settings.Timeout.TotalSeconds:0} s."), null);
        }
    }

    private static string? ReadSid(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("sid", out var sid) && sid.ValueKind == JsonValueKind.String ? sid.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static (int? Code, string Message) ReadError(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "no error body");
            }

            int? code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : null;
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "no message";
            return (code, message);
        }
        catch (JsonException)
        {
            return (null, TextClip.Clip(json, 200));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS provider refused a text: HTTP {Status}, error code {Code}")]
    private static partial void LogRejected(ILogger logger, int status, int? code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS message {MessageId}: part {Part} of {Parts} and the rest could not be sent after the first parts went out")]
    private static partial void LogPartialSend(ILogger logger, Guid messageId, int part, int parts);
}
