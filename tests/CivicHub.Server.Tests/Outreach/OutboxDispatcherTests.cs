using CivicHub.Core.Citizens;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using CivicHub.Core.Outreach.Outbox;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CivicHub.Server.Tests.Outreach;

/// <summary>
/// One batch of the outbox, sent by the dispatcher in a host whose worker does not run, through providers that can
/// be held: a slow answer for one citizen does not hold up another's message, and one citizen's messages still go
/// one after another, in the order they fell due.
/// </summary>
public abstract class OutboxDispatcherTests(CivicHubHost host)
{
    [Fact]
    public async Task A_citizens_slow_send_holds_up_only_that_citizens_later_messages()
    {
        var staff = await host.StaffClientAsync();
        var (first, firstPhone, _) = await staff.NewCitizenAsync("Held");
        var (second, secondPhone, _) = await staff.NewCitizenAsync("Unheld");
        var (held, unheld) = (Http.E164(firstPhone), Http.E164(secondPhone));
        // Due long ago, so this batch claims them before anything else waiting: the held citizen's two either side of the
        // other's. Their ids sort against the order they fell due, as the database may return them, so only the due
        // time puts them in order.
        var dueSince = DateTime.UtcNow.AddYears(-1);
        var ids = await host.InDbAsync(async db =>
        {
            var messages = new List<OutboundMessage>();
            foreach (var (citizenId, to, minutes) in new[] { (first, held, 0), (second, unheld, 1), (first, held, 2) })
            {
                var identity = await db.ChannelIdentities.FirstAsync(i => i.CitizenId == citizenId && i.Kind == IdentityKind.Phone);
                messages.Add(Message(Guid.CreateVersion7(DateTimeOffset.UtcNow.AddMinutes(-minutes)), citizenId, identity.Id, to, dueSince.AddMinutes(minutes)));
            }

            db.OutboundMessages.AddRange(messages);
            await db.SaveChangesAsync();
            return messages.Select(m => m.Id).ToList();
        });
        async Task<string> StateAsync()
        {
            var statuses = await host.InDbAsync(db => db.OutboundMessages.Where(m => ids.Contains(m.Id)).Select(m => new { m.Id, m.Status, m.LastError }).ToListAsync());
            var logged = host.Logs.Entries.Where(e => e.Level >= LogLevel.Warning && e.Category.Contains("Outreach", StringComparison.Ordinal)).Select(e => $"{e.Message} {e.Exception}");
            return $"messages {string.Join(", ", ids.Select(id => statuses.Single(m => m.Id == id)))}; begun {string.Join(", ", host.Senders.Started.Select(s => s.MessageId))}; logged: {string.Join(" | ", logged)}";
        }

        var release = new TaskCompletionSource();
        host.Senders.HoldUntil(held, release.Task);

        var run = Task.Run(() => host.InScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().RunOnceAsync(CancellationToken.None)));
        try
        {
            // Committed, not only answered: by then anything else the batch could start has started.
            await UntilAsync(
                async () => host.Senders.Started.Any(s => s.MessageId == ids[0])
                    && await host.InDbAsync(db => db.OutboundMessages.AnyAsync(m => m.Id == ids[1] && m.Status == OutboundStatus.Sent)),
                run,
                "the other citizen's message sent while the first citizen's provider had not answered",
                StateAsync);
            Assert.DoesNotContain(host.Senders.Started, s => s.MessageId == ids[2]);
        }
        finally
        {
            release.SetResult();
        }

        Assert.True(await run >= 3);
        Assert.Equal([ids[0], ids[2]], host.Senders.To(held).Select(s => s.Send.MessageId));
        var statuses = await host.InDbAsync(db => db.OutboundMessages.Where(m => ids.Contains(m.Id)).Select(m => m.Status).ToListAsync());
        Assert.All(statuses, s => Assert.Equal(OutboundStatus.Sent, s));
    }

    private static OutboundMessage Message(Guid id, Guid citizenId, Guid identityId, string to, DateTime due) => new()
    {
        Id = id,
        NotificationId = Guid.NewGuid(),
        CitizenId = citizenId,
        Channel = Channel.Sms,
        ChannelIdentityId = identityId,
        Recipient = to,
        Body = $"Due {due:O}",
        Author = "system",
        Status = OutboundStatus.Queued,
        NextAttemptAt = due,
        CreatedAt = due,
    };

    // Checked each time the batch makes progress or 50 ms pass; a batch that ends first, or 30 s, fails it and says
    // where the messages stood.
    private static async Task UntilAsync(Func<Task<bool>> condition, Task run, string what, Func<Task<string>> state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (run.IsCompleted || DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"{(run.IsCompleted ? "The batch ended before" : "Never saw")} {what}: {await state()}");
            }

            await Task.WhenAny(run, Task.Delay(50));
        }
    }
}

public sealed class OutboxDispatcherOnSqlite(NotifierSqliteHost host) : OutboxDispatcherTests(host), IClassFixture<NotifierSqliteHost>;

public sealed class OutboxDispatcherOnPostgres(NotifierPostgresHost host) : OutboxDispatcherTests(host), IClassFixture<NotifierPostgresHost>;
