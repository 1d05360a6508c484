using CivicHub.Channels.Email;
using CivicHub.Core.Outreach;
using MimeKit;

namespace CivicHub.Server.Tests.Channels.Email;

/// <summary>How an email becomes a contact for intake, and how ours are written: no server needed.</summary>
public sealed class EmailReaderTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    private static MimeMessage Parse(string raw) => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(raw.Replace("\n", "\r\n", StringComparison.Ordinal))));

    [Fact]
    public void A_citizens_reply_names_the_sender_the_mailbox_and_the_messages_it_answers_newest_first()
    {
        var reading = EmailReader.Read(Parse("""
            From: "Delgado, Rosa" <Rosa@Example.org>
            To: tax@city.gov
            Subject: Re: [Ref K7M4-9QX2] Payment plan
            Message-ID: <reply-3@example.org>
            In-Reply-To: <ours-2@city.gov>
            References: <first-1@example.org> <ours-2@city.gov>
            Date: Tue, 24 Nov 2026 10:00:00 +0000

            Yes, please.
            """), "tax@city.gov", Now)!;

        Assert.Equal(EmailKind.Citizen, reading.Kind);
        var contact = reading.Contact;
        Assert.Equal("Rosa@Example.org", contact.From);
        Assert.Equal(("Rosa", "Delgado"), (contact.SenderGivenName, contact.SenderFamilyName));
        Assert.Equal("tax@city.gov", contact.To);
        Assert.Equal("reply-3@example.org", contact.ExternalId);
        Assert.Equal(["ours-2@city.gov", "first-1@example.org"], contact.InReplyTo);
        Assert.Equal("Yes, please.", contact.Body);
        Assert.Equal(new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc), contact.ReceivedAt);
    }

    [Theory]
    [InlineData("Auto-Submitted: auto-replied")]
    [InlineData("X-Autoreply: yes")]
    [InlineData("X-Autorespond: Out of office")]
    [InlineData("Precedence: bulk")]
    [InlineData("Precedence: auto_reply")]
    [InlineData("Return-Path: <>")]
    public void Automatic_mail_is_recognised_by_its_headers(string header)
    {
        var reading = EmailReader.Read(Parse($"From: a@example.org\nTo: help@city.gov\nSubject: Away\nMessage-ID: <a@example.org>\n{header}\n\nI am away.\n"), "help@city.gov", Now)!;
        Assert.Equal(EmailKind.Automated, reading.Kind);
    }

    [Fact]
    public void Auto_submitted_no_is_a_person_writing()
    {
        var reading = EmailReader.Read(Parse("From: a@example.org\nSubject: Hi\nAuto-Submitted: no\n\nHello\n"), "help@city.gov", Now)!;
        Assert.Equal(EmailKind.Citizen, reading.Kind);
    }

    [Fact]
    public void A_delivery_report_names_our_message_and_its_diagnostic()
    {
        var reading = EmailReader.Read(Parse("""
            From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
            To: tax@city.gov
            Subject: Undelivered Mail Returned to Sender
            Message-ID: <bounce-1@mx.example.org>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b"

            --b
            Content-Type: text/plain

            Your message could not be delivered.
            --b
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.org

            Final-Recipient: rfc822; nobody@example.org
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 no such user

            --b
            Content-Type: text/rfc822-headers

            From: tax@city.gov
            To: nobody@example.org
            Message-ID: <0193aaaa-bbbb-7ccc-8ddd-eeeeffff0000@city.gov>
            Subject: Your request

            --b--
            """), "tax@city.gov", Now)!;

        Assert.Equal(EmailKind.Bounce, reading.Kind);
        Assert.True(reading.DeliveryFailed);
        Assert.Equal("0193aaaa-bbbb-7ccc-8ddd-eeeeffff0000@city.gov", reading.BouncedMessageId);
        Assert.Equal("5.1.1 smtp; 550 5.1.1 no such user", reading.Diagnostic);
    }

    [Fact]
    public void A_delayed_delivery_report_is_not_a_failure()
    {
        var reading = EmailReader.Read(Parse("""
            From: MAILER-DAEMON@mx.example.org
            Subject: Delayed Mail (still being retried)
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b"

            --b
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.org

            Final-Recipient: rfc822; slow@example.org
            Action: delayed
            Status: 4.4.1

            --b--
            """), "tax@city.gov", Now)!;

        Assert.Equal(EmailKind.Bounce, reading.Kind);
        Assert.False(reading.DeliveryFailed);
    }

    [Theory]
    [InlineData("Thanks, fixed.\n\nOn Tue, 24 Nov 2026 at 10:00, Tax <tax@city.gov> wrote:\n> Please send the form.\n> Regards", "Thanks, fixed.")]
    [InlineData("Thanks.\n\nOn Tue, 24 Nov 2026 at 10:00, Tax Department <tax@city.gov>\nwrote:\n\n> Please send the form.", "Thanks.")]
    [InlineData("See below.\n\n-----Original Message-----\nFrom: Tax\nSent: Monday\n\nPlease send the form.", "See below.")]
    [InlineData("Sent the form.\n\n________________________________\nFrom: Tax <tax@city.gov>\nSubject: Form", "Sent the form.")]
    [InlineData("Done.\n\n> Please send the form.\n>\n> Regards\n", "Done.")]
    [InlineData("> I said the bin was missed\nIt was missed again today.", "> I said the bin was missed\nIt was missed again today.")]
    [InlineData("On Monday I wrote: the light is out.\nStill out.", "On Monday I wrote: the light is out.\nStill out.")]
    public void Quoted_history_is_trimmed_only_where_it_is_recognisable(string text, string expected) =>
        Assert.Equal(expected, QuotedHistory.Trim(text));

    [Theory]
    [InlineData("<p>Hello&nbsp;there &lt;friend&gt;</p><p>Line two</p>", "Hello there <friend>\nLine two")]
    [InlineData("<html><head><title>x</title><style>p { color: red }</style></head><body>Hi<script>alert('x')</script> you</body></html>", "Hi you")]
    [InlineData("A<br>B<br/>C", "A\nB\nC")]
    public void Html_becomes_plain_text(string html, string expected) => Assert.Equal(expected, HtmlText.ToText(html));

    [Theory]
    [InlineData("Rosa Delgado", "Rosa", "Delgado")]
    [InlineData("Delgado, Rosa", "Rosa", "Delgado")]
    [InlineData("Springfield Tax Team", null, null)]
    [InlineData("rosa@example.org", null, null)]
    [InlineData("", null, null)]
    public void Display_names_are_split_only_when_obvious(string name, string? given, string? family) =>
        Assert.Equal((given, family), SenderName.Split(name));

    [Fact]
    public void Our_subject_carries_the_case_reference_once()
    {
        var reference = Core.Cases.CaseReference.New();
        Assert.Equal($"[Ref {reference}] Your permit", OutboundEmail.SubjectWithReference("Your permit", reference));
        Assert.Equal($"Re: [Ref {reference}] Your permit", OutboundEmail.SubjectWithReference($"Re: [Ref {reference}] Your permit", reference));
        Assert.Equal(OutboundEmail.DefaultSubject, OutboundEmail.SubjectWithReference(null, null));
    }

    [Fact]
    public void Our_message_id_comes_from_the_outbox_message_so_a_retry_is_the_same_message()
    {
        var send = new ChannelSend(Guid.CreateVersion7(), "rosa@example.org", "Hello") { InReplyTo = "theirs@example.org" };
        var smtp = new SmtpOptions { Host = "smtp", FromAddress = "city@city.gov" };
        var first = OutboundEmail.Compose(send, smtp, DateTimeOffset.UtcNow);
        var again = OutboundEmail.Compose(send, smtp, DateTimeOffset.UtcNow);
        Assert.Equal($"{send.MessageId:D}@city.gov", first.MessageId);
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal(["theirs@example.org"], first.References.ToArray());
        Assert.IsType<TextPart>(first.Body);
    }
}
