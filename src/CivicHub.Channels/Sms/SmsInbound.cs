using System.Globalization;
using CivicHub.Core.Citizens;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Outreach;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CivicHub.Channels.Sms;

/// <summary>
/// Turns a verified provider webhook (an inbound text, a status callback) into what CivicHub does with it: keywords
/// change the number's subscription, anything else goes through the intake pipeline, receipts update the outbox.
/// </summary>
public sealed partial class SmsInbound(
    IntakePipeline intake,
    SmsOptOuts optOuts,
    DeliveryReceipts receipts,
    IdentityNormalizer normalizer,
    TimeProvider time,
    IOptions<SmsOptions> options,
    ILogger<SmsInbound> logger)
{
    /// <summary>Twilio sends at most ten media items with one message.</summary>
    public const int MaxMedia = 10;

    /// <summary>The text to answer at once in TwiML, or null for an empty answer; or the fields that are wrong.</summary>
    public async Task<Outcome<string?>> ReceiveAsync(IReadOnlyDictionary<string, string> form, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .Text("MessageSid", form.GetValueOrDefault("MessageSid"), 200)
            .Text("To", form.GetValueOrDefault("To"), 320, required: false)
            .Text("Body", form.GetValueOrDefault("Body"), 100_000, required: false);
        var (from, fromError) = normalizer.NormalizePhone(form.GetValueOrDefault("From") ?? "");
        if (from is null)
        {
            errors.Add("From", string.IsNullOrWhiteSpace(form.GetValueOrDefault("From")) ? "This field is required." : fromError!);
        }

        var attachments = Media(form, errors);
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var body = form.GetValueOrDefault("Body")?.Trim() ?? "";
        var keyword = SmsKeywords.Of(body);
        if (keyword != SmsKeyword.None)
        {
            LogKeyword(logger, keyword);
        }

        switch (keyword)
        {
            case SmsKeyword.Stop:
                await optOuts.OptOutAsync(from!, cancellationToken);
                return options.Value.StopReply;
            case SmsKeyword.Start:
                await optOuts.OptInAsync(from!, cancellationToken);
                return options.Value.StartReply;
            case SmsKeyword.Help:
                return options.Value.HelpReply;
        }

        if (body.Length == 0)
        {
            // A picture without words is still a message: the timeline shows that media came.
            body = attachments.Count == 0 ? "(empty text message)" : string.Create(CultureInfo.InvariantCulture, $"(picture message: {attachments.Count} attachment(s))");
        }

        var to = form.GetValueOrDefault("To");
        var contact = new InboundContact(Channel.Sms, IdentityKind.Phone, from!, body, time.GetUtcNow().UtcDateTime)
        {
            To = to is null ? null : normalizer.NormalizePhone(to).Value ?? to.Trim(),
            ExternalId = form["MessageSid"].Trim(),
            Attachments = attachments,
            // The pipeline keeps one media link on a new case; the rest stay on the attachments.
            MediaUrl = attachments.FirstOrDefault()?.Url,
        };
        var received = await intake.ReceiveAsync(contact, cancellationToken);
        return received.Succeeded ? Outcome<string?>.Ok(null) : received.Problem!;
    }

    /// <summary>Applies a delivery-status callback; statuses on the way (queued, sending) change nothing.</summary>
    public async Task<Outcome<bool>> StatusAsync(IReadOnlyDictionary<string, string> form, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .Text("MessageSid", form.GetValueOrDefault("MessageSid"), 200)
            .Text("MessageStatus", form.GetValueOrDefault("MessageStatus"), 50);
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        OutboundStatus? status = form["MessageStatus"].Trim().ToLowerInvariant() switch
        {
            "sent" => OutboundStatus.Sent,
            "delivered" or "read" => OutboundStatus.Delivered,
            "undelivered" or "failed" => OutboundStatus.Failed,
            _ => null,
        };
        if (status is null)
        {
            return false;
        }

        var error = form.GetValueOrDefault("ErrorCode") is { Length: > 0 } code ? $"Provider error {code.Trim()}" : null;
        var found = await receipts.RecordAsync(Channel.Sms, form["MessageSid"].Trim(), status.Value, error, cancellationToken);
        if (!found)
        {
            LogUnknownReceipt(logger);
        }

        return found;
    }

    private static List<InboundAttachment> Media(IReadOnlyDictionary<string, string> form, ValidationErrors errors)
    {
        var attachments = new List<InboundAttachment>();
        var declared = form.GetValueOrDefault("NumMedia");
        if (string.IsNullOrWhiteSpace(declared))
        {
            return attachments;
        }

        if (!int.TryParse(declared, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > MaxMedia)
        {
            errors.Add("NumMedia", $"Must be a whole number from 0 to {MaxMedia}.");
            return attachments;
        }

        for (var i = 0; i < count; i++)
        {
            var url = form.GetValueOrDefault($"MediaUrl{i}")?.Trim();
            if (url is null || url.Length > IntakePipeline.MaxMediaUrlLength
                || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors.Add($"MediaUrl{i}", "Must be an http or https address.");
                continue;
            }

            var type = form.GetValueOrDefault($"MediaContentType{i}")?.Trim() is { Length: > 0 and <= 200 } t ? t : "application/octet-stream";
            attachments.Add(new InboundAttachment(uri.Segments[^1], type) { Url = url });
        }

        return attachments;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS keyword {Keyword} answered")]
    private static partial void LogKeyword(ILogger logger, SmsKeyword keyword);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS status callback for a message CivicHub did not send as a first part; ignored")]
    private static partial void LogUnknownReceipt(ILogger logger);
}
