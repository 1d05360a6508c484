using System.Text.Json;
using CivicHub.Core.Citizens;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Outreach;
using Microsoft.Extensions.Logging;

namespace CivicHub.Channels.Social;

/// <summary>
/// Turns a verified Messenger Platform webhook into what CivicHub does with it: each message a citizen sent goes
/// through the intake pipeline as a social contact; the page's own echoes and read receipts are not citizens'
/// messages; delivery events become receipts of what we sent. The whole batch is checked before anything is stored.
/// </summary>
public sealed partial class MessengerInbound(IntakePipeline intake, DeliveryReceipts receipts, TimeProvider time, ILogger<MessengerInbound> logger)
{
    /// <summary>Social identities are "messenger:{page-scoped id}".</summary>
    public const string IdentityPrefix = "messenger:";

    private sealed record Message(string Psid, string PageId, string Mid, string Text, DateTime SentAt, List<InboundAttachment> Attachments);

    /// <summary>How many messages were recorded; NotFound when the webhook is not about a Page, Invalid when malformed.</summary>
    public async Task<Outcome<int>> ReceiveAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return OutcomeProblem.Invalid("body", "Not valid JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("object", out var kind) || kind.ValueKind != JsonValueKind.String)
            {
                return OutcomeProblem.Invalid("object", "This field is required.");
            }

            if (kind.GetString() != "page")
            {
                return OutcomeProblem.NotFound("Only Page webhooks (object \"page\") are taken here.");
            }

            var errors = new ValidationErrors();
            var messages = new List<Message>();
            var delivered = new List<string>();
            Read(root, errors, messages, delivered);
            if (errors.Any)
            {
                return OutcomeProblem.Invalid(errors);
            }

            foreach (var mid in delivered)
            {
                await receipts.RecordAsync(Channel.Social, mid, OutboundStatus.Delivered, null, cancellationToken);
            }

            foreach (var message in messages)
            {
                var contact = new InboundContact(Channel.Social, IdentityKind.Social, IdentityPrefix + message.Psid, message.Text, message.SentAt)
                {
                    To = IdentityPrefix + message.PageId,
                    ExternalId = message.Mid,
                    Attachments = message.Attachments,
                    MediaUrl = message.Attachments.FirstOrDefault()?.Url,
                };
                var received = await intake.ReceiveAsync(contact, cancellationToken);
                if (!received.Succeeded)
                {
                    return received.Problem!;
                }
            }

            LogReceived(logger, messages.Count, delivered.Count);
            return messages.Count;
        }
    }

    private void Read(JsonElement root, ValidationErrors errors, List<Message> messages, List<string> delivered)
    {
        if (!root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            errors.Add("entry", "Must be an array of entries.");
            return;
        }

        var e = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            var path = $"entry[{e++}]";
            if (entry.ValueKind != JsonValueKind.Object)
            {
                errors.Add(path, "Must be an object.");
                continue;
            }

            var pageId = Text(entry, "id");
            if (!entry.TryGetProperty("messaging", out var events))
            {
                // Other Page subscriptions (feed changes, standby) carry no messages for us.
                continue;
            }

            if (events.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"{path}.messaging", "Must be an array of events.");
                continue;
            }

            var m = 0;
            foreach (var messaging in events.EnumerateArray())
            {
                ReadEvent(messaging, $"{path}.messaging[{m++}]", pageId, errors, messages, delivered);
            }
        }
    }

    private void ReadEvent(JsonElement messaging, string path, string? pageId, ValidationErrors errors, List<Message> messages, List<string> delivered)
    {
        if (messaging.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "Must be an object.");
            return;
        }

        if (messaging.TryGetProperty("delivery", out var delivery))
        {
            if (delivery.ValueKind == JsonValueKind.Object && delivery.TryGetProperty("mids", out var mids) && mids.ValueKind == JsonValueKind.Array)
            {
                delivered.AddRange(mids.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!));
            }

            return;
        }

        if (!messaging.TryGetProperty("message", out var message))
        {
            // Reads, postbacks, reactions and the like: nothing a citizen wrote.
            return;
        }

        if (message.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}.message", "Must be an object.");
            return;
        }

        if (message.TryGetProperty("is_echo", out var echo) && echo.ValueKind == JsonValueKind.True)
        {
            return;
        }

        var psid = messaging.TryGetProperty("sender", out var sender) && sender.ValueKind == JsonValueKind.Object ? Text(sender, "id") : null;
        var recipient = messaging.TryGetProperty("recipient", out var to) && to.ValueKind == JsonValueKind.Object ? Text(to, "id") : null;
        var mid = Text(message, "mid");
        var text = Text(message, "text");
        if (string.IsNullOrWhiteSpace(psid) || psid.Length > 100)
        {
            errors.Add($"{path}.sender.id", "This field is required.");
        }

        if (string.IsNullOrWhiteSpace(mid) || mid.Length > 200)
        {
            errors.Add($"{path}.message.mid", "This field is required (at most 200 characters).");
        }

        if (text is { Length: > 100_000 })
        {
            errors.Add($"{path}.message.text", "Must be at most 100000 characters.");
        }

        var attachments = new List<InboundAttachment>();
        if (message.TryGetProperty("attachments", out var files))
        {
            if (files.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"{path}.message.attachments", "Must be an array.");
            }
            else
            {
                var a = 0;
                foreach (var file in files.EnumerateArray())
                {
                    var attachment = Attachment(file);
                    if (attachment is null)
                    {
                        errors.Add($"{path}.message.attachments[{a}].payload.url", "Must be an http or https address.");
                    }
                    else if (attachment.Url is not null)
                    {
                        attachments.Add(attachment);
                    }

                    a++;
                }
            }
        }

        if (errors.Any)
        {
            return;
        }

        var sentAt = messaging.TryGetProperty("timestamp", out var stamp) && stamp.TryGetInt64(out var ms) && ms > 0 && ms < 253_402_300_799_000
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime
            : time.GetUtcNow().UtcDateTime;
        var body = !string.IsNullOrWhiteSpace(text) ? text
            : attachments.Count > 0 ? $"(sent {attachments.Count} attachment(s))"
            : "(message without text)";
        messages.Add(new Message(psid!, recipient ?? pageId ?? "page", mid!, body, sentAt, attachments));
    }

    /// <summary>The attachment; one without a link (a sticker, a location) is kept out; null when the link is not a web address.</summary>
    private static InboundAttachment? Attachment(JsonElement file)
    {
        if (file.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var type = Text(file, "type") ?? "file";
        var url = file.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object ? Text(payload, "url") : null;
        if (url is null)
        {
            return new InboundAttachment(type, "application/octet-stream");
        }

        if (url.Length > IntakePipeline.MaxMediaUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var contentType = type switch
        {
            "image" => "image/*",
            "video" => "video/*",
            "audio" => "audio/*",
            _ => "application/octet-stream",
        };
        return new InboundAttachment(uri.Segments[^1], contentType) { Url = url };
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Messenger webhook: {Messages} message(s) recorded, {Deliveries} delivery receipt(s)")]
    private static partial void LogReceived(ILogger logger, int messages, int deliveries);
}
