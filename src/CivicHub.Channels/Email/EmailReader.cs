using System.Security.Cryptography;
using CivicHub.Core.Citizens;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using MimeKit;

namespace CivicHub.Channels.Email;

/// <summary>
/// Turns an email from a department mailbox into an <see cref="EmailReading"/>: the contact for intake (sender,
/// subject, text body with the quoted history trimmed, attachments, the ids it answers) and whether it is a person's
/// message, an automatic answer or a bounce.
/// </summary>
public static class EmailReader
{
    public const int MaxBodyLength = 100_000;
    public const int MaxSubjectLength = 500;
    public const int MaxIdLength = 200;

    /// <summary>Null when the message names no sender address: there is nobody to record it for.</summary>
    public static EmailReading? Read(MimeMessage message, string mailboxAddress, DateTime now)
    {
        var sender = message.From.Mailboxes.FirstOrDefault() ?? message.Sender;
        if (sender is null || string.IsNullOrWhiteSpace(sender.Address))
        {
            return null;
        }

        var (given, family) = SenderName.Split(sender.Name);
        var contact = new InboundContact(Channel.Email, IdentityKind.Email, sender.Address, BodyOf(message), ReceivedAt(message, now))
        {
            To = mailboxAddress,
            Subject = Cut(message.Subject?.Trim(), MaxSubjectLength),
            ExternalId = ExternalId(message),
            SenderGivenName = given,
            SenderFamilyName = family,
            InReplyTo = RepliedIds(message),
            Attachments = AttachmentsOf(message),
        };

        var report = BounceReport.Find(message);
        if (report is not null || BounceReport.IsFromMailSystem(sender))
        {
            return new EmailReading(EmailKind.Bounce, contact)
            {
                BouncedMessageId = report?.OriginalMessageId ?? BounceReport.OriginalFromHeaders(message),
                DeliveryFailed = report?.Failed ?? true,
                Diagnostic = report?.Diagnostic ?? Cut(message.Subject, 200),
            };
        }

        return new EmailReading(IsAutomated(message) ? EmailKind.Automated : EmailKind.Citizen, contact);
    }

    /// <summary>
    /// RFC 3834's Auto-Submitted (anything but "no"), the X-Autoreply and X-Autorespond headers of common
    /// autoresponders, Precedence auto_reply, bulk or junk, and an empty Return-Path (which only automatic mail uses).
    /// </summary>
    public static bool IsAutomated(MimeMessage message)
    {
        var headers = message.Headers;
        var autoSubmitted = headers[HeaderId.AutoSubmitted]?.Split(';')[0].Trim();
        if (!string.IsNullOrEmpty(autoSubmitted) && !autoSubmitted.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (headers.Contains("X-Autoreply") || headers.Contains("X-Autorespond"))
        {
            return true;
        }

        var precedence = headers[HeaderId.Precedence]?.Trim().ToLowerInvariant();
        if (precedence is "auto_reply" or "bulk" or "junk")
        {
            return true;
        }

        var returnPath = headers[HeaderId.ReturnPath];
        return returnPath is not null && returnPath.Trim() is "<>" or "";
    }

    private static string BodyOf(MimeMessage message)
    {
        var text = message.TextBody;
        if (string.IsNullOrWhiteSpace(text) && message.HtmlBody is { } html)
        {
            text = HtmlText.ToText(html);
        }

        text = string.IsNullOrWhiteSpace(text) ? "" : QuotedHistory.Trim(text);
        if (text.Length == 0)
        {
            // Intake records every contact with some text; a message of attachments only says so.
            text = message.Attachments.Any() ? "(no text; see the attachments)" : "(no text)";
        }

        return Cut(text, MaxBodyLength)!;
    }

    private static DateTime ReceivedAt(MimeMessage message, DateTime now)
    {
        // The sender's Date header is trusted only when it is plausible: never in the future, never decades old.
        var date = message.Date.UtcDateTime;
        return message.Date == DateTimeOffset.MinValue || date > now || date < now.AddYears(-1) ? now : date;
    }

    /// <summary>The Message-ID, or for a message without one (or with an absurd one) a hash of its headers and body.</summary>
    private static string ExternalId(MimeMessage message)
    {
        if (message.MessageId is { Length: > 0 and <= MaxIdLength } id)
        {
            return id;
        }

        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return $"sha256:{Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()))}";
    }

    /// <summary>In-Reply-To first, then References newest first: the order threading tries them in.</summary>
    private static List<string> RepliedIds(MimeMessage message)
    {
        var ids = new List<string>();
        if (!string.IsNullOrWhiteSpace(message.InReplyTo))
        {
            ids.Add(message.InReplyTo.Trim());
        }

        ids.AddRange(message.References.Reverse().Where(r => !string.IsNullOrWhiteSpace(r)));
        return [.. ids.Where(i => i.Length <= MaxIdLength).Distinct(StringComparer.Ordinal)];
    }

    private static List<InboundAttachment> AttachmentsOf(MimeMessage message)
    {
        var files = new List<InboundAttachment>();
        foreach (var entity in message.Attachments)
        {
            using var content = new MemoryStream();
            string name;
            if (entity is MessagePart forwarded)
            {
                // A forwarded email is kept whole, as the .eml file a mail client opens.
                forwarded.Message?.WriteTo(content);
                name = (forwarded.Message?.Subject is { Length: > 0 } subject ? subject : "message") + ".eml";
            }
            else if (entity is MimePart part && part.Content is not null)
            {
                part.Content.DecodeTo(content);
                name = part.FileName ?? "attachment";
            }
            else
            {
                continue;
            }

            files.Add(new InboundAttachment(name, entity.ContentType.MimeType) { Content = content.ToArray() });
        }

        return files;
    }

    private static string? Cut(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
