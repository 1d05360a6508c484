using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using CivicHub.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CivicHub.Channels.Social;

/// <summary>
/// Replies on Messenger through the Send API (POST /{version}/me/messages) as a RESPONSE to the citizen's message.
/// A text over the Send API's limit goes as numbered parts; the first part's message id identifies the message.
/// </summary>
public sealed partial class MessengerSender(IHttpClientFactory httpClients, IOptions<MessengerOptions> options, ILogger<MessengerSender> logger) : IChannelSender
{
    public const string HttpClientName = "messenger-graph";

    /// <summary>The Send API refuses a text longer than this.</summary>
    public const int MaxTextLength = 2_000;

    // Graph API error codes that pass: temporary errors and rate limits.
    private static readonly HashSet<int> Passing = [1, 2, 4, 17, 32, 341, 613];

    public Channel Channel => Channel.Social;

    /// <summary>Off, the channel is unavailable to outreach; a message already queued for it is refused and falls back.</summary>
    public bool Configured => options.Value.Enabled;

    public async Task<SendResult> SendAsync(ChannelSend message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return SendResult.Rejected("The Messenger channel is not enabled.");
        }

        // Outreach may hand over the identity's value ("messenger:{psid}") or the bare page-scoped id.
        var psid = message.Recipient.StartsWith(MessengerInbound.IdentityPrefix, StringComparison.Ordinal)
            ? message.Recipient[MessengerInbound.IdentityPrefix.Length..]
            : message.Recipient;
        if (string.IsNullOrWhiteSpace(psid))
        {
            return SendResult.Rejected("The recipient has no page-scoped id.");
        }

        var parts = TextSegments.Split(message.Body, MaxTextLength);
        string? firstId = null;
        for (var i = 0; i < parts.Count; i++)
        {
            var result = await SendPartAsync(settings, psid, parts[i], cancellationToken);
            if (result.Outcome != SendOutcome.Sent)
            {
                if (firstId is null)
                {
                    return result;
                }

                // Retrying now would send the earlier parts twice; the citizen has the start, the log says what is missing.
                LogPartialSend(logger, message.MessageId, i + 1, parts.Count);
                return new SendResult(SendOutcome.Sent, firstId, $"Parts {i + 1} to {parts.Count} of {parts.Count} not sent: {result.Error}");
            }

            firstId ??= result.ProviderMessageId;
        }

        return SendResult.Sent(firstId!);
    }

    private async Task<SendResult> SendPartAsync(MessengerOptions settings, string psid, string text, CancellationToken cancellationToken)
    {
        var baseUrl = settings.BaseUrl ?? MessengerOptions.DefaultBaseUrl;
        var uri = new Uri(baseUrl, $"{settings.GraphVersion}/me/messages?access_token={Uri.EscapeDataString(settings.PageAccessToken!)}");
        var payload = new { recipient = new { id = psid }, messaging_type = "RESPONSE", message = new { text } };
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).PostAsJsonAsync(uri, payload, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return Property(body, "message_id") is { } id ? SendResult.Sent(id) : SendResult.Retry("The Send API answered without a message_id.");
            }

            var (code, subcode, detail) = ReadError(body);
            var description = string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}, code {code?.ToString(CultureInfo.InvariantCulture) ?? "none"}/{subcode?.ToString(CultureInfo.InvariantCulture) ?? "-"}: {detail}");
            if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500 || (code is { } c && Passing.Contains(c)))
            {
                return SendResult.Retry(description);
            }

            LogRejected(logger, (int)response.StatusCode, code, subcode);
            return SendResult.Rejected(description);
        }
        catch (HttpRequestException e)
        {
            return SendResult.Retry($"The Send API could not be reached: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendResult.Retry($"The Send API did not answer within {settings.Timeout.TotalSeconds:0} s.");
        }
    }

    private static string? Property(string json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value)
                && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static (int? Code, int? Subcode, string Message) ReadError(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("error", out var error)
                || error.ValueKind != JsonValueKind.Object)
            {
                return (null, null, "no error body");
            }

            return (Int(error, "code"), Int(error, "error_subcode"),
                error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "no message");
        }
        catch (JsonException)
        {
            return (null, null, TextClip.Clip(json, 200));
        }
    }

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Send API refused a message: HTTP {Status}, error code {Code}, subcode {Subcode}")]
    private static partial void LogRejected(ILogger logger, int status, int? code, int? subcode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Messenger message {MessageId}: part {Part} of {Parts} and the rest could not be sent after the first parts went out")]
    private static partial void LogPartialSend(ILogger logger, Guid messageId, int part, int parts);
}
