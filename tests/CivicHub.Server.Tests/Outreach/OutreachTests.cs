using CivicHub.Core.Citizens;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using CivicHub.Core.Outreach.Outbox;
using CivicHub.Core.Outreach.Templates;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Outreach;

/// <summary>Telling citizens what happens to their cases: on the right channel, at the right hour, once.</summary>
public abstract class OutreachTests(CivicHubHost host)
{
    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, Func<string>? state = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}. {state?.Invoke()}");
            await Task.Delay(50);
        }
    }

    private Task<List<OutboundMessage>> MessagesAsync(Guid citizenId) =>
        host.InDbAsync(db => db.OutboundMessages.AsNoTracking().Where(m => m.CitizenId == citizenId).OrderBy(m => m.CreatedAt).ToListAsync());

    private async Task<List<OutboundMessage>> WaitForMessagesAsync(Guid citizenId, Func<List<OutboundMessage>, bool> done, string what)
    {
        List<OutboundMessage> messages = [];
        await WaitForAsync(
            async () => done(messages = await MessagesAsync(citizenId)),
            what,
            () => string.Join("; ", messages.Select(m => $"{m.Channel} {m.TemplateKey} {m.Status} attempts={m.Attempts} next={m.NextAttemptAt:O} error={m.LastError}")));
        return messages;
    }

    private static async Task<string> NewCaseAsync(HttpClient staff, Guid citizenId, string description = "My bin was not collected") =>
        (await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId, channel = "phone", description })).JsonAsync(HttpStatusCode.Created))
            .GetProperty("reference").GetString()!;

    private Task<IntakeOutcome> ReceiveAsync(InboundContact contact) => host.InScopeAsync(async sp =>
    {
        var outcome = await sp.GetRequiredService<IntakePipeline>().ReceiveAsync(contact, CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        return outcome.Value!;
    });

    [Fact]
    public void The_worker_says_at_start_which_channels_it_sends_on() =>
        Assert.Contains(host.Logs.Entries, e => e.Category.EndsWith(nameof(Server.Workers.OutreachWorker), StringComparison.Ordinal)
            && e.Message == "Outreach sends on Sms, Email, Social; not configured: none");

    [Fact]
    public async Task A_new_case_notifies_once_on_the_first_preferred_channel()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, phone, _) = await staff.NewCitizenAsync("Marcus");
        var reference = await NewCaseAsync(staff, citizenId);

        var messages = await WaitForMessagesAsync(citizenId, m => m.Any(x => x.Status == OutboundStatus.Sent), "the acknowledgement");
        var sent = Assert.Single(messages);
        Assert.Equal(Channel.Sms, sent.Channel);
        Assert.Equal(NotificationKinds.CaseReceived, sent.TemplateKey);
        Assert.Contains(reference, sent.Body, StringComparison.Ordinal);
        Assert.NotNull(sent.InteractionId);
        Assert.Single(host.Senders.To(Http.E164(phone)));
        // The message is linked to its timeline entry, and the case's timeline was told of it.
        var (recorded, caseEvents) = await host.InDbAsync(async db => (
            await db.Interactions.AsNoTracking().SingleAsync(i => i.Id == sent.InteractionId),
            await db.Events.AsNoTracking().Where(e => e.CaseId == sent.CaseId && e.Type == "interaction.recorded").CountAsync()));
        Assert.Equal((citizenId, sent.CaseId, Direction.Outbound, sent.Body), (recorded.CitizenId, recorded.CaseId, recorded.Direction, recorded.Body));
        Assert.Equal(2, caseEvents);

        // A second host, or this one after a crash, going over the same events again adds nothing.
        await host.InDbAsync(db => db.Events.Where(e => e.CaseId == sent.CaseId).ExecuteUpdateAsync(s => s.SetProperty(e => e.NotifiedAt, (DateTime?)null)));
        await host.InScopeAsync(sp => sp.GetRequiredService<EventNotifier>().RunOnceAsync(CancellationToken.None));
        Assert.Single(await MessagesAsync(citizenId));
        Assert.Single(host.Senders.To(Http.E164(phone)));

        var listed = await staff.GetJsonAsync($"/api/v1/cases/{reference}/messages");
        Assert.Equal("sent", Assert.Single(listed.EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Quiet_hours_hold_sms_until_they_end_but_not_email()
    {
        var staff = await host.StaffClientAsync();
        var now = DateTime.UtcNow;
        var quietHours = new { start = now.AddHours(-1).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), end = now.AddHours(2).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), timeZone = "Etc/UTC" };
        var (smsFirst, phone, _) = await staff.NewCitizenAsync("Rosa");
        await (await staff.PutAsJsonAsync(Http.Url($"/api/v1/citizens/{smsFirst}/preferences"), new { preferredLanguage = "es", preferredChannels = new[] { "sms", "email" }, quietHours }))
            .JsonAsync(HttpStatusCode.OK);
        var (emailFirst, _, email) = await staff.NewCitizenAsync("Lee");
        await (await staff.PutAsJsonAsync(Http.Url($"/api/v1/citizens/{emailFirst}/preferences"), new { preferredLanguage = "en", preferredChannels = new[] { "email", "sms" }, quietHours }))
            .JsonAsync(HttpStatusCode.OK);

        await NewCaseAsync(staff, smsFirst);
        await NewCaseAsync(staff, emailFirst);

        var emailed = await WaitForMessagesAsync(emailFirst, m => m.Any(x => x.Status == OutboundStatus.Sent), "the email during quiet hours");
        Assert.Equal(Channel.Email, Assert.Single(emailed).Channel);
        Assert.Single(host.Senders.To(email.ToLowerInvariant()));

        var held = Assert.Single(await WaitForMessagesAsync(smsFirst, m => m.Count > 0, "the held SMS"));
        Assert.Equal(Channel.Sms, held.Channel);
        Assert.Equal(OutboundStatus.Queued, held.Status);
        Assert.True(held.NextAttemptAt > now.AddHours(1), $"The SMS should wait for the end of quiet hours, not {held.NextAttemptAt:O}.");
        Assert.Equal("es", held.Language);
        Assert.Contains("recibimos su solicitud", held.Body, StringComparison.Ordinal);
        Assert.Empty(host.Senders.To(Http.E164(phone)));
    }

    [Fact]
    public async Task An_opted_out_phone_is_skipped_for_the_next_channel()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, phone, email) = await staff.NewCitizenAsync();
        await host.InDbAsync(db => db.ChannelIdentities.Where(i => i.CitizenId == citizenId && i.Kind == IdentityKind.Phone)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.OptedOutAt, DateTime.UtcNow)));

        await NewCaseAsync(staff, citizenId);

        var sent = Assert.Single(await WaitForMessagesAsync(citizenId, m => m.Any(x => x.Status == OutboundStatus.Sent), "the email"));
        Assert.Equal(Channel.Email, sent.Channel);
        Assert.Empty(host.Senders.To(Http.E164(phone)));
        Assert.Single(host.Senders.To(email.ToLowerInvariant()));
    }

    [Fact]
    public async Task A_rejected_sms_falls_back_to_email_and_the_timeline_shows_both()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, phone, email) = await staff.NewCitizenAsync();
        host.Senders.FailAlways(Http.E164(phone), () => SendResult.Rejected("21211: invalid 'To' phone number"));
        var reference = await NewCaseAsync(staff, citizenId);

        var messages = await WaitForMessagesAsync(citizenId, m => m.Any(x => x.Status == OutboundStatus.Sent), "the fallback email");
        Assert.Equal([(Channel.Sms, OutboundStatus.Failed), (Channel.Email, OutboundStatus.Sent)], messages.Select(m => (m.Channel, m.Status)));
        Assert.Single(messages.Select(m => m.NotificationId).Distinct());
        Assert.Contains("21211", messages[0].LastError, StringComparison.Ordinal);
        Assert.Single(host.Senders.To(email.ToLowerInvariant()));

        var timeline = (await staff.GetJsonAsync($"/api/v1/cases/{reference}/timeline")).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(timeline, i => i.GetProperty("direction").GetString() == "outbound" && i.GetProperty("channel").GetString() == "email");
        Assert.Contains(timeline, i => i.GetProperty("direction").GetString() == "internal" && i.GetProperty("body").GetString()!.Contains("21211", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_every_channel_refuses_a_supervisor_sees_that_nobody_was_reached()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, phone, email) = await staff.NewCitizenAsync();
        host.Senders.FailAlways(Http.E164(phone), () => SendResult.Rejected("unreachable number"));
        host.Senders.FailAlways(email.ToLowerInvariant(), () => SendResult.Rejected("550 mailbox unavailable"));
        var reference = await NewCaseAsync(staff, citizenId);

        await WaitForAsync(
            async () => (await staff.GetJsonAsync($"/api/v1/cases/{reference}/timeline")).GetProperty("items").EnumerateArray()
                .Any(i => i.GetProperty("subject").GetString() == "Citizen not reached"),
            "the unreachable note");
        var messages = await MessagesAsync(citizenId);
        Assert.All(messages, m => Assert.Equal(OutboundStatus.Failed, m.Status));
        Assert.Equal(2, messages.Count);
        Assert.True(await host.InDbAsync(db => db.Events.AnyAsync(e => e.Type == "outreach.unreachable" && e.CaseReference == reference)));
    }

    [Fact]
    public async Task Passing_failures_and_a_crashing_sender_are_retried_and_the_message_is_sent_once()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, phone, _) = await staff.NewCitizenAsync();
        var to = Http.E164(phone);
        host.Senders.FailNext(to, () => SendResult.Retry("503 from provider"), times: 2);
        host.Senders.FailNext(to, () => throw new HttpRequestException("connection reset"));
        await NewCaseAsync(staff, citizenId);

        var sent = Assert.Single(await WaitForMessagesAsync(citizenId, m => m.Any(x => x.Status == OutboundStatus.Sent), "the SMS after retries"));
        Assert.Equal(4, sent.Attempts);
        var attempts = host.Senders.To(to);
        Assert.Equal(4, attempts.Count);
        Assert.Single(attempts, a => a.Outcome == SendOutcome.Sent);
        Assert.Single(attempts.Select(a => a.Send.MessageId).Distinct());
    }

    [Fact]
    public async Task A_message_left_sending_by_a_crashed_worker_is_sent_after_its_lease()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, phone, _) = await staff.NewCitizenAsync();
        var to = Http.E164(phone);
        var id = Guid.CreateVersion7();
        await host.InDbAsync(async db =>
        {
            var identity = await db.ChannelIdentities.FirstAsync(i => i.CitizenId == citizenId && i.Kind == IdentityKind.Phone);
            db.OutboundMessages.Add(new OutboundMessage
            {
                Id = id,
                NotificationId = Guid.NewGuid(),
                CitizenId = citizenId,
                Channel = Channel.Sms,
                ChannelIdentityId = identity.Id,
                Recipient = to,
                Body = "Your appointment is tomorrow",
                Author = "system",
                Status = OutboundStatus.Sending,
                ClaimToken = Guid.NewGuid(),
                LeaseUntil = DateTime.UtcNow.AddSeconds(-1),
                NextAttemptAt = DateTime.UtcNow.AddMinutes(-1),
                CreatedAt = DateTime.UtcNow.AddMinutes(-1),
            });
            return await db.SaveChangesAsync();
        });

        await WaitForMessagesAsync(citizenId, m => m.Any(x => x.Id == id && x.Status == OutboundStatus.Sent), "the message taken over");
        Assert.Single(host.Senders.To(to));
    }

    [Fact]
    public async Task Workers_racing_for_the_outbox_send_each_message_once()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, phone, _) = await staff.NewCitizenAsync();
        var to = Http.E164(phone);
        var ids = await host.InDbAsync(async db =>
        {
            var identity = await db.ChannelIdentities.FirstAsync(i => i.CitizenId == citizenId && i.Kind == IdentityKind.Phone);
            var messages = Enumerable.Range(0, 60).Select(n => new OutboundMessage
            {
                Id = Guid.CreateVersion7(),
                NotificationId = Guid.NewGuid(),
                CitizenId = citizenId,
                Channel = Channel.Sms,
                ChannelIdentityId = identity.Id,
                Recipient = to,
                Body = $"Message {n}",
                Author = "system",
                Status = OutboundStatus.Queued,
                NextAttemptAt = DateTime.UtcNow.AddMinutes(-1),
                CreatedAt = DateTime.UtcNow,
            }).ToList();
            db.OutboundMessages.AddRange(messages);
            await db.SaveChangesAsync();
            return messages.Select(m => m.Id).ToList();
        });

        // Three workers at once: two here, and the host's own.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (await host.InScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().RunOnceAsync(CancellationToken.None)) > 0)
            {
            }
        })));
        await WaitForMessagesAsync(citizenId, m => ids.All(id => m.Any(x => x.Id == id && x.Status == OutboundStatus.Sent)), "every message sent");

        var sends = host.Senders.To(to);
        Assert.Equal(ids.Count, sends.Count);
        Assert.Equal(ids.Order(), sends.Select(s => s.Send.MessageId).Order());
        var recorded = await host.InDbAsync(db => db.Interactions.CountAsync(i => i.CitizenId == citizenId && i.Direction == Direction.Outbound));
        Assert.Equal(ids.Count, recorded);
    }

    [Fact]
    public async Task An_agent_reply_goes_where_the_citizen_last_wrote_and_once_per_idempotency_key()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, phone, email) = await staff.NewCitizenAsync();
        var opened = await ReceiveAsync(new InboundContact(Channel.Email, IdentityKind.Email, email, "My tax bill looks wrong", DateTime.UtcNow)
        {
            Subject = "Tax bill",
            ExternalId = $"<{Guid.NewGuid():N}@mail.example>",
        });
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> Reply(object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Http.Url($"/api/v1/cases/{opened.CaseReference}/replies"))
            {
                Content = JsonContent.Create(body, options: CivicHubHost.Json),
            };
            request.Headers.Add("Idempotency-Key", key);
            return await staff.SendAsync(request);
        }

        var first = await (await Reply(new { text = "We corrected the bill; the new one is in the post." })).JsonAsync(HttpStatusCode.Created);
        var again = await (await Reply(new { text = "We corrected the bill; the new one is in the post." })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(first.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        Assert.Equal("email", first.GetProperty("channel").GetString());

        var sent = await WaitForMessagesAsync(
            citizenId, m => m.Any(x => x.TemplateKey == NotificationKinds.AgentReply && x.Status == OutboundStatus.Sent), "the reply");
        var reply = Assert.Single(sent, m => m.TemplateKey == NotificationKinds.AgentReply);
        Assert.StartsWith("We corrected the bill", reply.Body, StringComparison.Ordinal);
        Assert.NotNull(reply.InReplyTo);
        Assert.Single(host.Senders.To(email.ToLowerInvariant()), s => s.Send.MessageId == reply.Id);

        var smsReply = await (await staff.PostJsonAsync($"/api/v1/cases/{opened.CaseReference}/replies", new { text = "Also by text", channel = "sms" }))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal(Http.E164(phone), smsReply.GetProperty("recipient").GetString());
        await (await staff.PostJsonAsync($"/api/v1/cases/{opened.CaseReference}/replies", new { text = " " })).ProblemAsync(HttpStatusCode.BadRequest, "text");
        await (await staff.PostJsonAsync($"/api/v1/cases/{opened.CaseReference}/replies", new { text = "Hi", channel = "social" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "channel");
        var listed = await staff.GetJsonAsync($"/api/v1/citizens/{citizenId}/messages");
        Assert.True(listed.GetArrayLength() >= 2);
    }

    [Fact]
    public async Task A_status_question_by_sms_and_by_email_gets_the_same_answer_on_its_own_channel()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, phone, email) = await staff.NewCitizenAsync("Marcus");
        var reference = await NewCaseAsync(staff, citizenId, "Benefits application");
        await WaitForMessagesAsync(citizenId, m => m.Any(x => x.Status == OutboundStatus.Sent), "the acknowledgement");

        await ReceiveAsync(new InboundContact(Channel.Sms, IdentityKind.Phone, phone, $"status {reference.ToLowerInvariant()}", DateTime.UtcNow) { ExternalId = $"SM{Guid.NewGuid():N}" });
        await ReceiveAsync(new InboundContact(Channel.Email, IdentityKind.Email, email, reference.Replace("-", "", StringComparison.Ordinal) + "\n\n> quoted text", DateTime.UtcNow)
        {
            Subject = "where is my case?",
            ExternalId = $"<{Guid.NewGuid():N}@mail.example>",
        });

        var answers = (await WaitForMessagesAsync(
            citizenId, m => m.Count(x => x.TemplateKey == NotificationKinds.StatusAnswer && x.Status == OutboundStatus.Sent) == 2, "both answers"))
            .Where(m => m.TemplateKey == NotificationKinds.StatusAnswer).ToList();
        Assert.Equal([Channel.Sms, Channel.Email], answers.Select(a => a.Channel));
        Assert.Equal(answers[0].Body, answers[1].Body);
        Assert.Contains(reference, answers[0].Body, StringComparison.Ordinal);
        Assert.Contains("received", answers[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_status_question_about_someone_elses_case_reveals_nothing()
    {
        var staff = await host.StaffClientAsync();
        var (owner, _, _) = await staff.NewCitizenAsync();
        var reference = await NewCaseAsync(staff, owner, "Private matter");
        var stranger = Http.NewPhone();

        await ReceiveAsync(new InboundContact(Channel.Sms, IdentityKind.Phone, stranger, $"estado {reference}", DateTime.UtcNow) { ExternalId = $"SM{Guid.NewGuid():N}" });

        await WaitForAsync(() => Task.FromResult(host.Senders.To(Http.E164(stranger)).Count == 1), "the neutral answer");
        var answer = Assert.Single(host.Senders.To(Http.E164(stranger)));
        Assert.DoesNotContain(reference, answer.Send.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Private", answer.Send.Body, StringComparison.Ordinal);
        Assert.Equal("es", answer.Send.Language);
        var message = await host.InDbAsync(db => db.OutboundMessages.AsNoTracking().SingleAsync(m => m.Id == answer.Send.MessageId));
        Assert.Equal(NotificationKinds.StatusUnknown, message.TemplateKey);
        var ownersCaseId = await host.InDbAsync(db => db.Cases.Where(c => c.Reference == reference).Select(c => c.Id).SingleAsync());
        Assert.NotEqual(ownersCaseId, message.CaseId);

        // The case the question opened is not acknowledged on top of its answer: once the notifier has handled the
        // case's event (its mark and any message commit together), the answer is still the stranger's only message.
        var questionsCase = Assert.NotNull(message.CaseId);
        await WaitForAsync(
            () => host.InDbAsync(db => db.Events.AnyAsync(e => e.CaseId == questionsCase && e.Type == "case.created" && e.NotifiedAt != null)),
            "the notifier to handle the new case");
        Assert.Single(await host.InDbAsync(db => db.OutboundMessages.Where(m => m.CaseId == questionsCase).ToListAsync()));
        Assert.Single(host.Senders.To(Http.E164(stranger)));
    }

    [Fact]
    public async Task An_administrators_template_changes_the_next_message_and_broken_liquid_is_refused()
    {
        var admin = await host.StaffClientAsync("morgan");
        var agent = await host.StaffClientAsync();
        const string path = "/api/v1/outreach/templates/case.received/sms/en";
        await (await admin.PutAsJsonAsync(Http.Url(path), new { body = "{% if given_name %}Hi {{ given_name }" })).ProblemAsync(HttpStatusCode.BadRequest, "body");
        await (await admin.PutAsJsonAsync(Http.Url(path), new { body = "x", subject = "only email has one" })).ProblemAsync(HttpStatusCode.BadRequest, "subject");
        await (await admin.PutAsJsonAsync(Http.Url("/api/v1/outreach/templates/case.lost/sms/en"), new { body = "x" })).ProblemAsync(HttpStatusCode.BadRequest, "kind");
        await (await admin.PutAsJsonAsync(Http.Url(path), new { body = "{% for i in (1..1000000) %}x{% endfor %}" })).ProblemAsync(HttpStatusCode.BadRequest, "body");
        await (await agent.PutAsJsonAsync(Http.Url(path), new { body = "Mine" })).ProblemAsync(HttpStatusCode.Forbidden);

        var saved = await (await admin.PutAsJsonAsync(Http.Url(path), new { body = "Springfield 311 got {{ case_reference }}, {{ given_name | upcase }}." }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.True(saved.GetProperty("overridden").GetBoolean());
        try
        {
            var (citizenId, _, _) = await agent.NewCitizenAsync("Dana");
            var reference = await NewCaseAsync(agent, citizenId);
            var sent = Assert.Single(await WaitForMessagesAsync(citizenId, m => m.Any(x => x.Status == OutboundStatus.Sent), "the acknowledgement"));
            Assert.Equal($"Springfield 311 got {reference}, DANA.", sent.Body);
        }
        finally
        {
            await (await admin.DeleteAsync(Http.Url(path))).JsonAsync(HttpStatusCode.OK);
        }

        var restored = await admin.GetJsonAsync(path);
        Assert.False(restored.GetProperty("overridden").GetBoolean());
    }

    [Fact]
    public async Task Preferences_are_checked_and_kept()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var path = $"/api/v1/citizens/{citizenId}/preferences";
        await (await staff.PutAsJsonAsync(Http.Url(path), new { preferredLanguage = "es", preferredChannels = new[] { "sms" }, quietHours = new { start = "21:00", end = "08:00", timeZone = "Mars/Olympus" } }))
            .ProblemAsync(HttpStatusCode.BadRequest, "quietHours.timeZone");
        await (await staff.PutAsJsonAsync(Http.Url(path), new { preferredLanguage = "es", preferredChannels = new[] { "sms", "sms" } }))
            .ProblemAsync(HttpStatusCode.BadRequest, "preferredChannels");
        await (await staff.PutAsJsonAsync(Http.Url(path), new { preferredLanguage = "es", quietHours = new { start = "9pm", end = "08:00" } }))
            .ProblemAsync(HttpStatusCode.BadRequest, "quietHours.start");

        await (await staff.PutAsJsonAsync(Http.Url(path), new { preferredLanguage = "es", preferredChannels = new[] { "email", "sms" }, quietHours = new { start = "20:30", end = "07:00", timeZone = "America/New_York" } }))
            .JsonAsync(HttpStatusCode.OK);
        var read = await staff.GetJsonAsync(path);
        Assert.Equal("es", read.GetProperty("preferredLanguage").GetString());
        Assert.Equal(["email", "sms"], read.GetProperty("preferredChannels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("20:30", read.GetProperty("quietHours").GetProperty("start").GetString());
        Assert.Equal("America/New_York", read.GetProperty("quietHours").GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task An_appointment_reminder_is_written_in_the_citizens_language()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync("Rosa");
        await (await staff.PutAsJsonAsync(Http.Url($"/api/v1/citizens/{citizenId}/preferences"), new { preferredLanguage = "es", preferredChannels = new[] { "email" } }))
            .JsonAsync(HttpStatusCode.OK);
        var reference = await NewCaseAsync(staff, citizenId, "Plan de pagos");
        await (await staff.PostJsonAsync($"/api/v1/cases/{reference}/reminders", new { place = "City Hall" })).ProblemAsync(HttpStatusCode.BadRequest, "at");

        var reminder = await (await staff.PostJsonAsync($"/api/v1/cases/{reference}/reminders", new { at = DateTimeOffset.UtcNow.AddDays(2), place = "Ayuntamiento, ventanilla 4" }))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("email", reminder.GetProperty("channel").GetString());
        Assert.Contains("Le recordamos su cita", reminder.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Contains("ventanilla 4", reminder.GetProperty("body").GetString(), StringComparison.Ordinal);
    }
}

[Collection(OutreachSqliteCollection.Name)]
public sealed class OutreachOnSqlite(OutreachSqliteHost host) : OutreachTests(host);

[Collection(OutreachPostgresCollection.Name)]
public sealed class OutreachOnPostgres(OutreachPostgresHost host) : OutreachTests(host);
