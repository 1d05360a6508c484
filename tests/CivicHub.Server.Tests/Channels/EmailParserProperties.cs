using System.Text;
using CivicHub.Channels.Email;
using CivicHub.Core.Tests.Fuzzing;
using FsCheck;
using FsCheck.Fluent;
using MimeKit;

namespace CivicHub.Server.Tests.Channels;

/// <summary>
/// An email from a department mailbox, whatever a sender or a broken mail system puts in it, becomes a bounded
/// contact for intake (or nothing, when it names no sender) and never an exception.
/// </summary>
public sealed class EmailParserProperties
{
    private const string Mailbox = "tax@city.gov";
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Charsets = ["utf-8", "iso-8859-1", "us-ascii", "utf-16", "utf-32"];

    private static readonly string[] Headers =
    [
        "From", "Sender", "Reply-To", "Subject", "Message-ID", "In-Reply-To", "References", "Date", "Auto-Submitted", "Precedence",
        "Return-Path", "X-Autoreply", "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "MIME-Version",
    ];

    [Fact]
    public void Any_bytes_parsed_by_mimekit_become_a_bounded_reading_or_nothing_and_only_the_parser_may_refuse_them() =>
        Prop.ForAll(RawMessage(), bytes =>
        {
            MimeMessage message;
            try
            {
                message = MimeMessage.Load(new MemoryStream(bytes));
            }
            catch (FormatException)
            {
                // MimeKit's documented refusal of what is not a message; the mailbox worker leaves such mail alone.
                return true;
            }

            return IsBounded(EmailReader.Read(message, Mailbox, Now));
        }).Check(FuzzRuns.Config);

    [Fact]
    public void A_built_message_of_any_headers_bodies_charsets_and_attachments_keeps_its_sender_and_every_attachment_whole() =>
        Prop.ForAll(
            (from name in FuzzRuns.AnyText.Generator
             from subject in FuzzRuns.AnyText.Generator
             from text in Gen.OneOf(Gen.Constant<string?>(null), FuzzRuns.AnyText.Generator.Select(t => (string?)t))
             from html in Gen.OneOf(Gen.Constant<string?>(null), FuzzRuns.AnyText.Generator.Select(t => (string?)t))
             from charset in Gen.Elements(Charsets)
             from files in Gen.ListOf(ArbMap.Default.GeneratorFor<byte[]>().Zip(FuzzRuns.AnyText.Generator)).Select(l => l.Take(4).ToList())
             from extra in Gen.ListOf(Gen.Elements(Headers).Zip(FuzzRuns.AnyText.Generator)).Select(l => l.Take(6).ToList())
             select (name, subject, text, html, charset, files, extra)).ToArbitrary(),
            sample =>
            {
                var message = new MimeMessage();
                message.From.Add(new MailboxAddress(sample.name, "rosa.delgado@example.org"));
                message.To.Add(new MailboxAddress("Revenue", Mailbox));
                message.Subject = sample.subject;
                foreach (var (header, value) in sample.extra.Where(h => h.Item1 is not ("From" or "Sender" or "Content-Type" or "Content-Transfer-Encoding" or "Content-Disposition" or "MIME-Version")))
                {
                    message.Headers.Add(header, value);
                }

                var body = new BodyBuilder { TextBody = sample.text, HtmlBody = sample.html };
                foreach (var (content, fileName) in sample.files)
                {
                    body.Attachments.Add(string.IsNullOrWhiteSpace(fileName) ? "file.bin" : fileName, content);
                }

                message.Body = body.ToMessageBody();
                // The message's text and HTML in the sample's charset; an attachment that MimeKit takes for text by its
                // name (a ".s" file is text/x-asm) keeps its bytes.
                foreach (var part in message.BodyParts.OfType<TextPart>().Where(p => !p.IsAttachment))
                {
                    part.ContentType.Charset = sample.charset;
                    part.SetText(sample.charset, part.Text);
                }

                // What the mailbox hands over is the message as written on the wire and read back.
                using var wire = new MemoryStream();
                message.WriteTo(wire);
                wire.Position = 0;
                var reading = EmailReader.Read(MimeMessage.Load(wire), Mailbox, Now);

                return IsBounded(reading)
                    && reading!.Contact.From == "rosa.delgado@example.org"
                    && reading.Contact.Attachments?.Count == sample.files.Count
                    && reading.Contact.Attachments!.Zip(sample.files).All(pair => pair.First.Content is { } content && content.Span.SequenceEqual(pair.Second.Item1));
            }).Check(FuzzRuns.Config);

    private static bool IsBounded(EmailReading? reading)
    {
        if (reading is null)
        {
            return true;
        }

        var contact = reading.Contact;
        return contact.Body.Length is > 0 and <= EmailReader.MaxBodyLength
            && (contact.Subject?.Length ?? 0) <= EmailReader.MaxSubjectLength
            && contact.ExternalId is { Length: > 0 and <= EmailReader.MaxIdLength }
            && (contact.InReplyTo ?? []).All(id => id.Length is > 0 and <= EmailReader.MaxIdLength)
            && contact.ReceivedAt <= Now && contact.ReceivedAt >= Now.AddYears(-1)
            && !string.IsNullOrWhiteSpace(contact.From);
    }

    /// <summary>Raw mail: random bytes, header-like lines with broken encodings, and MIME structures cut anywhere.</summary>
    private static Arbitrary<byte[]> RawMessage()
    {
        var line = Gen.OneOf(
            Gen.Elements(Headers).Zip(FuzzRuns.AnyText.Generator).Select(h => $"{h.Item1}: {h.Item2}\r\n"),
            Gen.Elements(
                "From: =?utf-8?B?////?= <a@b>\r\n", "From: <>\r\n", "From: \"unclosed <x@y>\r\n", "Subject: =?koi8-r?Q?=FF=FE?=\r\n",
                "Content-Type: multipart/mixed; boundary=\"b\"\r\n", "--b\r\n", "--b--\r\n", "Content-Type: text/plain; charset=x-unknown\r\n",
                "Content-Transfer-Encoding: base64\r\n", "Content-Transfer-Encoding: quoted-printable\r\n", "=E9=\r\n", "Zm9v!!\r\n",
                "Content-Type: message/rfc822\r\n", "Content-Type: message/delivery-status\r\n", "Final-Recipient: rfc822;\r\n", "\r\n", " folded\r\n",
                "Date: Tue, 31 Feb 99999 25:61:61 +9999\r\n", "Message-ID: <" + new string('x', 300) + ">\r\n", "References: < > <<>>\r\n"),
            FuzzRuns.AnyText.Generator);
        return Gen.OneOf(
                ArbMap.Default.GeneratorFor<byte[]>(),
                Gen.ListOf(line).Select(lines => Encoding.UTF8.GetBytes(string.Concat(lines))),
                Gen.ListOf(line).Zip(ArbMap.Default.GeneratorFor<byte[]>()).Select(p => Encoding.Latin1.GetBytes(string.Concat(p.Item1)).Concat(p.Item2).ToArray()))
            .ToArbitrary();
    }
}
