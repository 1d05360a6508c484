using CivicHub.Core.Cases;
using CivicHub.Core.Outreach;
using MimeKit;

namespace CivicHub.Channels.Email;

/// <summary>
/// Builds the email for one outbox message: a Message-ID made from the message's id (so a retry after a crash is the
/// same message to the recipient and to bounce matching), threading headers, the case reference in the subject
/// (which intake recognises when the citizen replies), and text with an HTML alternative when there is one.
/// </summary>
public static class OutboundEmail
{
    public const string DefaultSubject = "Your request";

    public static string MessageIdFor(Guid messageId, string domain) => $"{messageId:D}@{domain}";

    public static MimeMessage Compose(ChannelSend send, SmtpOptions smtp, DateTimeOffset now)
    {
        var message = new MimeMessage();
        var from = send.From is { } department && MailboxAddress.TryParse(department, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal)
            ? mailbox.Address
            : smtp.FromAddress;
        message.From.Add(new MailboxAddress(smtp.FromName, from));
        message.To.Add(MailboxAddress.Parse(send.Recipient));
        message.MessageId = MessageIdFor(send.MessageId, smtp.MessageIdDomain ?? DomainOf(smtp.FromAddress));
        message.Date = now;
        message.Subject = SubjectWithReference(send.Subject, send.CaseReference);
        if (!string.IsNullOrWhiteSpace(send.InReplyTo))
        {
            message.InReplyTo = send.InReplyTo.Trim();
        }

        foreach (var reference in send.References.Where(r => !string.IsNullOrWhiteSpace(r)))
        {
            message.References.Add(reference.Trim());
        }

        if (message.InReplyTo is { } replied && !message.References.Contains(replied))
        {
            message.References.Add(replied);
        }

        message.Headers.Add(HeaderId.ContentLanguage, send.Language);
        message.Body = new BodyBuilder { TextBody = send.Body, HtmlBody = send.HtmlBody }.ToMessageBody();
        return message;
    }

    /// <summary>"[Ref K7M4-9QX2] Your pothole report", unless the subject already carries the reference.</summary>
    public static string SubjectWithReference(string? subject, string? caseReference)
    {
        var text = string.IsNullOrWhiteSpace(subject) ? DefaultSubject : subject.Trim();
        if (CaseReference.Normalize(caseReference) is not { } reference || CaseReference.FindIn(text).Contains(reference))
        {
            return text;
        }

        return $"[Ref {reference}] {text}";
    }

    private static string DomainOf(string address) => address[(address.LastIndexOf('@') + 1)..];
}
