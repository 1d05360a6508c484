using CivicHub.Core.Chat;
using CivicHub.Core.Citizens;
using CivicHub.Core.Events;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Core.Privacy.Retention;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Channels.Chat;
using CivicHub.Server.Tests.Hosting;
using CivicHub.Server.Tests.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CivicHub.Server.Tests.Privacy;

/// <summary>The retention schedules: expired records go with what hangs off them; fresh and held ones stay.</summary>
public abstract class RetentionTests(CivicHubHost host)
{
    private async Task<string> ClosedCaseWithHistoryAsync(string email)
    {
        var received = await host.InScopeAsync(sp => sp.GetRequiredService<IntakePipeline>().ReceiveAsync(
            new InboundContact(Channel.Email, IdentityKind.Email, email, $"Pothole on my street {Guid.NewGuid():N}", DateTime.UtcNow)
            {
                NewRequest = true,
                Attachments = [new InboundAttachment("pothole.jpg", "image/jpeg") { Content = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 } }],
            },
            CancellationToken.None));
        Assert.True(received.Succeeded);
        var reference = received.Value!.CaseReference;
        var supervisor = await host.StaffClientAsync("priya");
        await (await supervisor.PostJsonAsync($"/api/v1/cases/{reference}/replies", new { text = "Fixed, thank you" })).JsonAsync(HttpStatusCode.Created);
        await (await supervisor.PostJsonAsync($"/api/v1/cases/{reference}/status", new { status = "resolved" })).JsonAsync(HttpStatusCode.OK);
        await (await supervisor.PostJsonAsync($"/api/v1/cases/{reference}/status", new { status = "closed" })).JsonAsync(HttpStatusCode.OK);
        return reference;
    }

    private Task<RetentionReport> RunAsync(TimeProvider clock, bool dryRun) =>
        host.InScopeAsync(sp => ActivatorUtilities.CreateInstance<RetentionRun>(sp, clock).RunAsync(dryRun, CancellationToken.None));

    private Task<bool> ExistsAsync(string reference) => host.InDbAsync(db => db.Cases.AnyAsync(c => c.Reference == reference));

    [Fact]
    public async Task Expired_closed_cases_go_with_their_rows_while_fresh_held_and_open_ones_stay()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, email) = await staff.NewCitizenAsync("Retention", "Subject");
        var expired = await ClosedCaseWithHistoryAsync(email);
        var fresh = await ClosedCaseWithHistoryAsync(email);
        var held = await ClosedCaseWithHistoryAsync(email);
        var supervisor = await host.StaffClientAsync("priya");
        await (await supervisor.PostJsonAsync($"/api/v1/cases/{held}/legal-hold", new { hold = true, reason = "Claim pending" })).JsonAsync(HttpStatusCode.OK);
        var open = (await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId, channel = "phone", description = "Still open" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString()!;

        // Ten years and a day later; the "fresh" case was closed only a day before that.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow + RetentionSettings.ClosedCases + TimeSpan.FromDays(1));
        await host.InDbAsync(db => db.Cases.Where(c => c.Reference == fresh)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClosedAt, clock.GetUtcNow().UtcDateTime.AddDays(-1))));
        var expiredId = await host.InDbAsync(db => db.Cases.Where(c => c.Reference == expired).Select(c => c.Id).SingleAsync());
        Assert.True(await host.InDbAsync(db => db.Attachments.AnyAsync(a => a.CaseId == expiredId)));
        Assert.True(await host.InDbAsync(db => db.OutboundMessages.AnyAsync(m => m.CaseId == expiredId)));

        var dry = await RunAsync(clock, dryRun: true);
        Assert.True(dry.DryRun);
        Assert.True(dry.ClosedCases >= 1);
        Assert.True(await ExistsAsync(expired), "A dry run deleted a case.");

        var report = await RunAsync(clock, dryRun: false);
        Assert.True(report.ClosedCases >= 1 && report.Interactions >= 1);
        Assert.False(await ExistsAsync(expired));
        Assert.True(await ExistsAsync(fresh));
        Assert.True(await ExistsAsync(held));
        Assert.True(await ExistsAsync(open));
        Assert.True(await host.InDbAsync(db => db.Citizens.AnyAsync(c => c.Id == citizenId)));

        // Nothing that hung off the deleted case is left behind.
        await host.InDbAsync(async db =>
        {
            Assert.False(await db.Interactions.AnyAsync(i => i.CaseId == expiredId));
            Assert.False(await db.Attachments.AnyAsync(a => a.CaseId == expiredId));
            Assert.False(await db.OutboundMessages.AnyAsync(m => m.CaseId == expiredId));
            Assert.False(await db.CaseChanges.AnyAsync(c => c.CaseId == expiredId));
            Assert.False(await db.Interactions.AnyAsync(i => i.CaseId != null && !db.Cases.Any(c => c.Id == i.CaseId)));
            return true;
        });
    }

    [Fact]
    public async Task Old_message_bodies_are_removed_but_the_messages_stay()
    {
        var staff = await host.StaffClientAsync();
        var (_, _, email) = await staff.NewCitizenAsync("Message", "Keeper");
        var reference = await ClosedCaseWithHistoryAsync(email);
        var caseId = await host.InDbAsync(db => db.Cases.Where(c => c.Reference == reference).Select(c => c.Id).SingleAsync());
        // The reply was handed to the provider: only finished messages lose their bodies.
        await host.InDbAsync(db => db.OutboundMessages.Where(m => m.CaseId == caseId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, Core.Outreach.OutboundStatus.Delivered)));

        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromDays(91));
        await RunAsync(clock, dryRun: false);
        var bodies = await host.InDbAsync(db => db.OutboundMessages.Where(m => m.CaseId == caseId).Select(m => m.Body).ToListAsync());
        Assert.NotEmpty(bodies);
        Assert.All(bodies, b => Assert.Equal(RetentionRun.RemovedBody, b));
    }

    /// <summary>A provisional citizen made by intake from an unknown phone, with the case their text opened.</summary>
    private async Task<(Guid CitizenId, string Reference)> ProvisionalAsync()
    {
        var received = await host.InScopeAsync(sp => sp.GetRequiredService<IntakePipeline>().ReceiveAsync(
            new InboundContact(Channel.Sms, IdentityKind.Phone, Http.E164(Http.NewPhone()), "Who do I ask about permits", DateTime.UtcNow) { NewRequest = true },
            CancellationToken.None));
        Assert.True(received.Succeeded);
        Assert.False(received.Value!.CitizenWasKnown);
        return (received.Value.CitizenId, received.Value.CaseReference);
    }

    private async Task CloseAsync(string reference)
    {
        var supervisor = await host.StaffClientAsync("priya");
        await (await supervisor.PostJsonAsync($"/api/v1/cases/{reference}/status", new { status = "resolved" })).JsonAsync(HttpStatusCode.OK);
        await (await supervisor.PostJsonAsync($"/api/v1/cases/{reference}/status", new { status = "closed" })).JsonAsync(HttpStatusCode.OK);
    }

    private Task<bool> CitizenExistsAsync(Guid id) => host.InDbAsync(db => db.Citizens.AnyAsync(c => c.Id == id));

    [Fact]
    public async Task Inactive_provisional_citizens_go_with_their_rows_and_an_audited_erasure_while_active_held_and_confirmed_ones_stay()
    {
        var (inactive, inactiveCase) = await ProvisionalAsync();
        var (held, heldCase) = await ProvisionalAsync();
        var (recent, recentCase) = await ProvisionalAsync();
        var (open, _) = await ProvisionalAsync();
        var staff = await host.StaffClientAsync();
        var (confirmed, _, confirmedEmail) = await staff.NewCitizenAsync("Confirmed", "Keeper");
        var confirmedCase = await ClosedCaseWithHistoryAsync(confirmedEmail);
        foreach (var reference in new[] { inactiveCase, heldCase, recentCase })
        {
            await CloseAsync(reference);
        }

        var supervisor = await host.StaffClientAsync("priya");
        await (await supervisor.PostJsonAsync($"/api/v1/cases/{heldCase}/legal-hold", new { hold = true, reason = "Claim pending" })).JsonAsync(HttpStatusCode.OK);

        // Past the closed cases' schedule (their cases go first) and the provisional citizens' year of inactivity; the
        // "recent" one wrote again a day before.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow + RetentionSettings.ClosedCases + RetentionSettings.ProvisionalCitizens + TimeSpan.FromDays(2));
        await host.InDbAsync(db => db.Citizens.Where(c => c.Id == recent)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, clock.GetUtcNow().UtcDateTime.AddDays(-1))));

        // A dry run deletes nothing, so the citizens still have their closed cases and none is counted yet.
        await RunAsync(clock, dryRun: true);
        Assert.True(await CitizenExistsAsync(inactive), "A dry run deleted a citizen.");

        var report = await RunAsync(clock, dryRun: false);
        Assert.True(report.ProvisionalCitizens >= 1);
        Assert.False(await CitizenExistsAsync(inactive));
        Assert.True(await CitizenExistsAsync(held), "A citizen whose case is on legal hold was deleted.");
        Assert.True(await CitizenExistsAsync(recent), "A provisional citizen active within the period was deleted.");
        Assert.True(await CitizenExistsAsync(open), "A provisional citizen with an open case was deleted.");
        Assert.True(await CitizenExistsAsync(confirmed), "A confirmed citizen was deleted.");
        Assert.False(await ExistsAsync(confirmedCase), "The confirmed citizen's closed case should have gone by its own schedule.");

        await host.InDbAsync(async db =>
        {
            Assert.False(await db.ChannelIdentities.AnyAsync(i => i.CitizenId == inactive));
            Assert.False(await db.Interactions.AnyAsync(i => i.CitizenId == inactive));
            Assert.False(await db.OutboundMessages.AnyAsync(m => m.CitizenId == inactive));
            var erased = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.CitizenId == inactive && e.Action == AuditAction.Erase);
            Assert.Equal(RetentionRun.AuditPurpose, erased.Purpose);
            Assert.Equal(AuditRecords.Citizen, erased.RecordKind);
            Assert.Equal(Core.Access.ActorKind.System, erased.ActorKind);
            Assert.False(await db.AuditEntries.AnyAsync(e => e.CitizenId == held && e.Action == AuditAction.Erase));
            return true;
        });
    }

    [Fact]
    public async Task Closed_chats_go_after_their_period_while_open_and_held_ones_and_their_sessions_stay()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, email) = await staff.NewCitizenAsync("Chat", "Visitor");
        var heldCase = await ClosedCaseWithHistoryAsync(email);
        var supervisor = await host.StaffClientAsync("priya");
        await (await supervisor.PostJsonAsync($"/api/v1/cases/{heldCase}/legal-hold", new { hold = true, reason = "Inquiry" })).JsonAsync(HttpStatusCode.OK);
        var heldCaseId = await host.InDbAsync(db => db.Cases.Where(c => c.Reference == heldCase).Select(c => c.Id).SingleAsync());
        var now = DateTime.UtcNow;
        var (closedSession, openSession, heldSession) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var (closed, waiting, kept) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await host.InDbAsync(db =>
        {
            foreach (var session in new[] { closedSession, openSession, heldSession })
            {
                db.ChatSessions.Add(new ChatSession { Id = session, TokenHash = Guid.NewGuid().ToString("N"), CitizenId = citizenId, CreatedAt = now, LastSeenAt = now });
            }

            ChatConversation Conversation(Guid id, Guid session, ChatConversationStatus status, Guid? caseId) => new()
            {
                Id = id,
                SessionId = session,
                CitizenId = citizenId,
                CaseId = caseId,
                DepartmentId = 1,
                Status = status,
                Preview = "Hello, I need help",
                StartedAt = now,
                LastMessageAt = now,
                ClosedAt = status == ChatConversationStatus.Closed ? now : null,
            };
            db.ChatConversations.AddRange(
                Conversation(closed, closedSession, ChatConversationStatus.Closed, null),
                Conversation(waiting, openSession, ChatConversationStatus.Waiting, null),
                Conversation(kept, heldSession, ChatConversationStatus.Closed, heldCaseId));
            return db.SaveChangesAsync();
        });

        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow + RetentionSettings.ClosedChats + TimeSpan.FromDays(1));
        var report = await RunAsync(clock, dryRun: false);

        Assert.True(report.ChatConversations >= 1 && report.ChatSessions >= 1);
        await host.InDbAsync(async db =>
        {
            Assert.False(await db.ChatConversations.AnyAsync(c => c.Id == closed));
            Assert.False(await db.ChatSessions.AnyAsync(s => s.Id == closedSession));
            Assert.True(await db.ChatConversations.AnyAsync(c => c.Id == waiting), "An open chat was deleted.");
            Assert.True(await db.ChatSessions.AnyAsync(s => s.Id == openSession));
            Assert.True(await db.ChatConversations.AnyAsync(c => c.Id == kept), "A chat of a case on legal hold was deleted.");
            Assert.True(await db.ChatSessions.AnyAsync(s => s.Id == heldSession));
            return true;
        });
    }

    [Fact]
    public async Task An_idle_chat_session_goes_with_its_device_identity_while_a_live_session_keeps_its_own()
    {
        await using var gone = await host.VisitorAsync();
        var goneSession = await host.SessionIdAsync(await gone.StartChatAsync());
        await gone.SayAsync($"Is the pool open on holidays? {Guid.NewGuid():N}");
        await gone.OkAsync("Close");
        await using var live = await host.VisitorAsync();
        var liveSession = await host.SessionIdAsync(await live.StartChatAsync());
        await live.SayAsync($"Still waiting for an answer {Guid.NewGuid():N}");
        var (goneValue, liveValue) = ($"chat:{goneSession:N}", $"chat:{liveSession:N}");
        var goneIdentity = await host.InDbAsync(db => db.ChannelIdentities.Where(i => i.Kind == IdentityKind.Device && i.Value == goneValue).Select(i => i.Id).SingleAsync());
        var said = await host.InDbAsync(db => db.Interactions.Where(i => i.ChannelIdentityId == goneIdentity).Select(i => i.Id).ToListAsync());
        Assert.NotEmpty(said);

        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow + RetentionSettings.ClosedChats + TimeSpan.FromDays(1));
        var dry = await RunAsync(clock, dryRun: true);
        Assert.True(dry.ChatIdentities >= 1, "A dry run did not count the idle session's device identity.");
        Assert.True(await host.InDbAsync(db => db.ChannelIdentities.AnyAsync(i => i.Id == goneIdentity)), "A dry run deleted an identity.");

        var report = await RunAsync(clock, dryRun: false);

        Assert.True(report.ChatIdentities >= 1);
        await host.InDbAsync(async db =>
        {
            Assert.False(await db.ChatSessions.AnyAsync(s => s.Id == goneSession));
            Assert.False(await db.ChannelIdentities.AnyAsync(i => i.Kind == IdentityKind.Device && i.Value == goneValue), "The idle session's device identity stayed.");
            // What the visitor said stays on the citizen's timeline and case, no longer tied to the identity.
            Assert.Equal(said.Count, await db.Interactions.CountAsync(i => said.Contains(i.Id) && i.ChannelIdentityId == null));
            Assert.True(await db.ChatSessions.AnyAsync(s => s.Id == liveSession), "A session with a waiting conversation was deleted.");
            Assert.True(await db.ChannelIdentities.AnyAsync(i => i.Kind == IdentityKind.Device && i.Value == liveValue), "A live session's device identity was deleted.");
            return true;
        });
    }

    [Fact]
    public async Task Delivered_events_go_after_their_period_while_recent_ones_and_those_of_held_cases_stay()
    {
        var staff = await host.StaffClientAsync();
        var (_, _, email) = await staff.NewCitizenAsync("Event", "Subject");
        var heldCase = await ClosedCaseWithHistoryAsync(email);
        var supervisor = await host.StaffClientAsync("priya");
        await (await supervisor.PostJsonAsync($"/api/v1/cases/{heldCase}/legal-hold", new { hold = true, reason = "Audit" })).JsonAsync(HttpStatusCode.OK);
        var heldCaseId = await host.InDbAsync(db => db.Cases.Where(c => c.Reference == heldCase).Select(c => c.Id).SingleAsync());
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow + RetentionSettings.DeliveredEvents + TimeSpan.FromDays(1));
        var type = $"test.retention.{Guid.NewGuid():N}";
        DomainEvent Event(DateTime at, Guid? caseId) => new() { Type = type, Payload = "{}", OccurredAt = at, NotifiedAt = at, CaseId = caseId };
        var (old, recent, held) = (Event(DateTime.UtcNow, null), Event(clock.GetUtcNow().UtcDateTime.AddDays(-1), null), Event(DateTime.UtcNow, heldCaseId));
        // Another host holds the fan-out's lease while the events are written: until its mark passes them they wait
        // for webhooks, and retention keeps them however old they are.
        await host.SetFanOutLeaseAsync(Guid.NewGuid(), DateTime.UtcNow.AddHours(1));
        try
        {
            await host.InDbAsync(db =>
            {
                db.Events.AddRange(old, recent, held);
                return db.SaveChangesAsync();
            });
            await RunAsync(clock, dryRun: false);
            Assert.True(await host.InDbAsync(db => db.Events.AnyAsync(e => e.Id == old.Id)), "An event not yet fanned out was deleted.");
        }
        finally
        {
            await host.SetFanOutLeaseAsync(null, null);
        }

        await host.WaitFannedOutAsync(new[] { old.Id, recent.Id, held.Id }.Max());
        var report = await RunAsync(clock, dryRun: false);

        Assert.True(report.Events >= 1);
        var left = await host.InDbAsync(db => db.Events.Where(e => e.Type == type).Select(e => e.Id).ToListAsync());
        Assert.DoesNotContain(old.Id, left);
        Assert.Contains(recent.Id, left);
        Assert.Contains(held.Id, left);
    }

    [Fact]
    public async Task One_host_at_a_time_holds_the_retention_lease_until_it_runs_out()
    {
        host.RequireDatabase();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Task<bool> LeaseAsync(string holder) =>
            host.InScopeAsync(sp => ActivatorUtilities.CreateInstance<RetentionRun>(sp, (TimeProvider)clock).TryLeaseAsync(holder, CancellationToken.None));

        var first = $"host-a-{Guid.NewGuid():N}";
        var second = $"host-b-{Guid.NewGuid():N}";
        // Whoever held it before (another test) must first let it run out.
        clock.Advance(TimeSpan.FromHours(1));
        Assert.True(await LeaseAsync(first));
        Assert.False(await LeaseAsync(second));
        Assert.True(await LeaseAsync(first));
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.True(await LeaseAsync(second));
        Assert.False(await LeaseAsync(first));
    }
}

[Collection(RetentionSqliteCollection.Name)]
public sealed class RetentionOnSqlite(RetentionSqliteHost host) : RetentionTests(host);

[Collection(RetentionPostgresCollection.Name)]
public sealed class RetentionOnPostgres(RetentionPostgresHost host) : RetentionTests(host);
