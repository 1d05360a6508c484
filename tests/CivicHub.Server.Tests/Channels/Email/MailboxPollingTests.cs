using CivicHub.Channels.Email;
using CivicHub.Core.Cases;
using CivicHub.Core.Citizens;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using MailKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CivicHub.Server.Tests.Channels.Email;

/// <summary>Department mailboxes on a real IMAP server, read by the poller into intake.</summary>
public abstract class MailboxPollingTests(CivicHubHost host)
{
    private Task<int> PollAsync(MailboxOptions mailbox) =>
        host.InScopeAsync(sp => sp.GetRequiredService<MailboxPoller>().PollOnceAsync(mailbox, CancellationToken.None));

    private static string CitizenAddress() => $"{Guid.NewGuid():N}@citizen.example";

    [Fact]
    public async Task A_citizens_email_lands_on_a_case_in_the_mailboxs_department_with_its_attachments()
    {
        TestMailServer.Require();
        host.RequireDatabase();
        var mailbox = TestMailServer.Mailbox(TestMailServer.NewAddress("tax"), "TAX");
        var from = CitizenAddress();
        var email = TestMailServer.Email(from, mailbox.Address, "Payment plan", "", "Rosa Delgado");
        var pdf = "%PDF-1.4 a scanned tax bill"u8.ToArray();
        var body = new BodyBuilder
        {
            TextBody = "Can I pay my property tax in parts?\n\nOn Mon, 2 Mar 2026, Tax <tax@city> wrote:\n> Your bill is attached.\n",
            HtmlBody = "<p>ignored when there is text</p>",
        };
        body.Attachments.Add("../../bill<2026>.pdf", pdf, new ContentType("application", "pdf"));
        email.Body = body.ToMessageBody();
        var uid = await TestMailServer.AppendAsync(mailbox.Address, email);

        Assert.Equal(1, await PollAsync(mailbox));

        var interaction = Assert.Single(await host.InteractionsWithExternalIdAsync(email.MessageId));
        Assert.Equal("Can I pay my property tax in parts?", interaction.Body);
        Assert.Equal("Payment plan", interaction.Subject);
        var reference = await host.InDbAsync(db => db.CaseReferenceOfAsync(interaction.CaseId));
        var staff = await host.StaffClientAsync();
        var @case = await staff.GetJsonAsync($"/api/v1/cases/{reference}");
        Assert.Equal("TAX", @case.GetProperty("department").GetProperty("code").GetString());
        Assert.Equal("Rosa Delgado", @case.GetProperty("citizen").GetProperty("displayName").GetString());

        var entry = (await staff.GetJsonAsync($"/api/v1/cases/{reference}/timeline")).GetProperty("items")[0];
        var attachment = Assert.Single(entry.GetProperty("attachments").EnumerateArray());
        Assert.Equal("bill_2026_.pdf", attachment.GetProperty("fileName").GetString());
        Assert.Equal(pdf.Length, attachment.GetProperty("length").GetInt64());

        var download = await staff.GetAsync(Http.Url($"/api/v1/attachments/{attachment.GetProperty("id").GetGuid()}"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("bill_2026_.pdf", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        Assert.True((await TestMailServer.FlagsAsync(mailbox.Address, uid)).HasFlag(MessageFlags.Seen));
        Assert.Equal(0, await PollAsync(mailbox));
    }

    [Fact]
    public async Task An_html_only_email_is_recorded_as_its_text_without_markup_or_scripts()
    {
        TestMailServer.Require();
        host.RequireDatabase();
        var mailbox = TestMailServer.Mailbox(TestMailServer.NewAddress("help"));
        var email = TestMailServer.Email(CitizenAddress(), mailbox.Address, "Bins", "");
        email.Body = new TextPart("html") { Text = "<html><head><style>p{}</style></head><body><p>My bin was &amp; is <b>missed</b>.</p><script>alert(1)</script><p>Twice.</p></body></html>" };
        await TestMailServer.AppendAsync(mailbox.Address, email);

        await PollAsync(mailbox);

        var interaction = Assert.Single(await host.InteractionsWithExternalIdAsync(email.MessageId));
        Assert.Equal("My bin was & is missed.\nTwice.", interaction.Body);
    }

    [Fact]
    public async Task A_reply_to_a_message_we_sent_threads_onto_its_case_even_when_another_conversation_is_newer()
    {
        TestMailServer.Require();
        host.RequireDatabase();
        var mailbox = TestMailServer.Mailbox(TestMailServer.NewAddress("pubworks"), "PUBWORKS");
        var from = CitizenAddress();
        var first = TestMailServer.Email(from, mailbox.Address, "Streetlight", "The light on Oak Ave is out.");
        await TestMailServer.AppendAsync(mailbox.Address, first);
        await PollAsync(mailbox);
        var firstCase = await host.InDbAsync(async db => await db.CaseReferenceOfAsync((await db.Interactions.SingleAsync(i => i.ExternalId == first.MessageId)).CaseId));
        var ours = $"{Guid.NewGuid():D}@{TestMailServer.Domain}";
        await host.SentEmailAsync(firstCase!, from, ours);

        // A newer case of the same citizen on the same channel: the open conversation now points there.
        var newer = await host.InScopeAsync(sp => sp.GetRequiredService<IntakePipeline>().ReceiveAsync(
            new InboundContact(Channel.Email, IdentityKind.Email, from, "And a pothole on Elm", DateTime.UtcNow) { NewRequest = true, To = mailbox.Address },
            CancellationToken.None));
        Assert.NotEqual(firstCase, newer.Value!.CaseReference);

        var reply = TestMailServer.Email(from, mailbox.Address, "Re: About your request", "It is still out.");
        reply.InReplyTo = ours;
        reply.References.Add(ours);
        await TestMailServer.AppendAsync(mailbox.Address, reply);
        await PollAsync(mailbox);

        var recorded = Assert.Single(await host.InteractionsWithExternalIdAsync(reply.MessageId));
        Assert.Equal(firstCase, await host.InDbAsync(db => db.CaseReferenceOfAsync(recorded.CaseId)));
    }

    [Fact]
    public async Task A_bounce_of_our_message_marks_it_failed_and_is_not_a_citizens_message()
    {
        TestMailServer.Require();
        host.RequireDatabase();
        var mailbox = TestMailServer.Mailbox(TestMailServer.NewAddress("social"), "SOCIAL");
        var citizen = await host.InScopeAsync(sp => sp.GetRequiredService<IntakePipeline>().ReceiveAsync(
            new InboundContact(Channel.Email, IdentityKind.Email, CitizenAddress(), "Heating assistance", DateTime.UtcNow) { To = mailbox.Address },
            CancellationToken.None));
        var unreachable = $"nobody@{TestMailServer.BouncingDomain}";
        var message = await host.InDbAsync(async db =>
        {
            var @case = await db.Cases.SingleAsync(c => c.Reference == citizen.Value!.CaseReference);
            var m = EmailTestData.NewMessage(@case.CitizenId, @case.Id, unreachable);
            db.OutboundMessages.Add(m);
            await db.SaveChangesAsync();
            return m;
        });

        // Sent for real from the department's mailbox: the SMTP server takes it, then returns a delivery-status report there.
        var sent = await host.InScopeAsync(sp => sp.GetServices<IChannelSender>().Single(s => s.Channel == Channel.Email)
            .SendAsync(new ChannelSend(message.Id, unreachable, "Your application") { From = mailbox.Address, CaseReference = citizen.Value!.CaseReference }, CancellationToken.None));
        Assert.Equal(SendOutcome.Sent, sent.Outcome);
        await host.InDbAsync(async db =>
        {
            var m = await db.OutboundMessages.SingleAsync(x => x.Id == message.Id);
            m.Status = OutboundStatus.Sent;
            m.ProviderMessageId = sent.ProviderMessageId;
            return await db.SaveChangesAsync();
        });
        var (bounce, _) = await TestMailServer.WaitForAsync(mailbox.Address, m => m.From.Mailboxes.Any(f => f.LocalPart.Equals("MAILER-DAEMON", StringComparison.OrdinalIgnoreCase)));

        Assert.Equal(1, await PollAsync(mailbox));

        var failed = await host.OutboundAsync(message.Id);
        Assert.Equal(OutboundStatus.Failed, failed.Status);
        Assert.Contains("5.1.1", failed.LastError, StringComparison.Ordinal);
        Assert.Empty(await host.InteractionsWithExternalIdAsync(bounce.MessageId));
    }

    [Fact]
    public async Task An_automatic_reply_is_a_note_on_the_case_it_answers_and_never_opens_a_case()
    {
        TestMailServer.Require();
        host.RequireDatabase();
        var mailbox = TestMailServer.Mailbox(TestMailServer.NewAddress("tax"), "TAX");
        var from = CitizenAddress();
        var opened = await host.InScopeAsync(sp => sp.GetRequiredService<IntakePipeline>().ReceiveAsync(
            new InboundContact(Channel.Email, IdentityKind.Email, from, "Exemption form", DateTime.UtcNow) { To = mailbox.Address },
            CancellationToken.None));
        var reference = opened.Value!.CaseReference;
        await host.InScopeAsync(sp => sp.GetRequiredService<CaseActions>().ChangeStatusAsync(
            reference, new CaseActions.StatusRequest(CaseStatus.WaitingOnCitizen, null), Core.Access.Actor.System, CancellationToken.None));
        var ours = $"{Guid.NewGuid():D}@{TestMailServer.Domain}";
        await host.SentEmailAsync(reference, from, ours);

        var outOfOffice = TestMailServer.Email(from, mailbox.Address, "Out of office", "I am away until Monday.");
        outOfOffice.Headers.Add(HeaderId.AutoSubmitted, "auto-replied");
        outOfOffice.InReplyTo = ours;
        var stranger = CitizenAddress();
        var vacation = TestMailServer.Email(stranger, mailbox.Address, "Re: hello", "On vacation.");
        vacation.Headers.Add("X-Autoreply", "yes");
        await TestMailServer.AppendAsync(mailbox.Address, outOfOffice);
        await TestMailServer.AppendAsync(mailbox.Address, vacation);

        Assert.Equal(2, await PollAsync(mailbox));

        var note = Assert.Single(await host.InteractionsWithExternalIdAsync(outOfOffice.MessageId));
        Assert.Equal("system:system", note.Author);
        Assert.Equal(reference, await host.InDbAsync(db => db.CaseReferenceOfAsync(note.CaseId)));
        Assert.Equal(CaseStatus.WaitingOnCitizen, await host.InDbAsync(db => db.Cases.Where(c => c.Reference == reference).Select(c => c.Status).SingleAsync()));
        Assert.Empty(await host.InteractionsWithExternalIdAsync(vacation.MessageId));
        Assert.False(await host.InDbAsync(db => db.ChannelIdentities.AnyAsync(i => i.Kind == IdentityKind.Email && i.Value == stranger)));
    }

    [Fact]
    public async Task A_new_uidvalidity_reads_the_mailbox_again_without_recording_anything_twice()
    {
        TestMailServer.Require();
        host.RequireDatabase();
        var mailbox = TestMailServer.Mailbox(TestMailServer.NewAddress("help"));
        var email = TestMailServer.Email(CitizenAddress(), mailbox.Address, "Noise", "The bar on Main St is loud every night.");
        await TestMailServer.AppendAsync(mailbox.Address, email);
        await PollAsync(mailbox);

        // As if the server had rebuilt the folder: the stored UIDVALIDITY no longer matches.
        await host.InDbAsync(async db =>
        {
            var cursor = await db.MailboxCursors.SingleAsync(c => c.Mailbox == mailbox.CursorKey);
            cursor.UidValidity = 1;
            cursor.LastUid = 1_000_000;
            return await db.SaveChangesAsync();
        });

        Assert.Equal(1, await PollAsync(mailbox));
        Assert.Single(await host.InteractionsWithExternalIdAsync(email.MessageId));
        Assert.NotEqual(1, await host.InDbAsync(db => db.MailboxCursors.Where(c => c.Mailbox == mailbox.CursorKey).Select(c => c.UidValidity).SingleAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MailboxPollingOnSqlite(SqliteHost host) : MailboxPollingTests(host);

[Collection(PostgresCollection.Name)]
public sealed class MailboxPollingOnPostgres(PostgresHost host) : MailboxPollingTests(host);
