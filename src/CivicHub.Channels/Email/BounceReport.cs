using CivicHub.Core.Text;
using MimeKit;

namespace CivicHub.Channels.Email;

/// <summary>
/// What a delivery-status report (RFC 3464, multipart/report; report-type=delivery-status) says: whether delivery
/// failed for good, the diagnostic, and the Message-ID of the message it returns, taken from the returned
/// message/rfc822 or text/rfc822-headers part.
/// </summary>
public sealed record BounceReport(string? OriginalMessageId, bool Failed, string? Diagnostic)
{
    public static BounceReport? Find(MimeMessage message)
    {
        var status = message.BodyParts.OfType<MessageDeliveryStatus>().FirstOrDefault();
        if (status is null)
        {
            return null;
        }

        var failed = false;
        string? diagnostic = null;
        // The first group is about the message, the others each about one recipient.
        foreach (var group in status.StatusGroups.Skip(1))
        {
            if (!string.Equals(group["Action"]?.Trim(), "failed", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            failed = true;
            diagnostic ??= string.Join(' ', new[] { group["Status"], group["Diagnostic-Code"] }.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()));
        }

        return new BounceReport(OriginalId(message) ?? OriginalFromHeaders(message), failed, diagnostic is null ? null : TextClip.Clip(diagnostic, 1_000));
    }

    /// <summary>MAILER-DAEMON and postmaster send bounces, with or without a standard report.</summary>
    public static bool IsFromMailSystem(MailboxAddress sender)
    {
        var local = sender.LocalPart;
        return local.Equals("MAILER-DAEMON", StringComparison.OrdinalIgnoreCase) || local.Equals("postmaster", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The message a non-standard bounce answers, when it says so in its own headers.</summary>
    public static string? OriginalFromHeaders(MimeMessage message) =>
        !string.IsNullOrWhiteSpace(message.InReplyTo) ? message.InReplyTo.Trim() : message.References.LastOrDefault()
            ?? OriginalId(message);

    private static string? OriginalId(MimeMessage message)
    {
        foreach (var part in message.BodyParts)
        {
            // text/rfc822-headers is a MessagePart too in MimeKit: both carry the returned message's headers.
            if (part is MessagePart { Message.MessageId: { Length: > 0 } id })
            {
                return id;
            }
        }

        foreach (var part in message.Attachments)
        {
            if (part is MessagePart { Message.MessageId: { Length: > 0 } id })
            {
                return id;
            }
        }

        return null;
    }
}
