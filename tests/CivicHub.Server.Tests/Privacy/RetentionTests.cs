using CivicHub.Core.Citizens;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Core.Privacy.Retention;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
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
