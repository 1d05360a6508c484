using System.Diagnostics;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using CivicHub.Core.Outreach.Outbox;
using CivicHub.Core.Outreach.Templates;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Outreach;

/// <summary>
/// The notifier on a batch of events from many citizens, in a host whose outreach worker does not run, so the test
/// decides what goes in a batch: each new case is acknowledged once, on its own citizen's channel, in its citizen's
/// language and with its own reference, and what the batch reads (messages sent before, the citizens, the cases,
/// the templates) is read once for all of it: a batch of many events sends as many queries as a batch of one.
/// </summary>
public abstract class EventNotifierBatchTests(CivicHubHost host, QueryCounter queries)
{
    [Fact]
    public async Task A_batch_acknowledges_each_case_once_on_its_citizens_channel_and_reads_as_much_for_many_events_as_for_one()
    {
        var staff = await host.StaffClientAsync();
        await DrainAsync();

        var single = await OpenCasesAsync(staff, 1);

        // Of a case's two events only its creation can come to a notification: its first interaction is written
        // already handled, at the time it occurred, and the notifier never reads it.
        var written = await host.InDbAsync(db => db.Events.AsNoTracking().Where(e => e.CitizenId == single[0].CitizenId)
            .Select(e => new { e.Type, e.OccurredAt, e.NotifiedAt }).ToListAsync());
        Assert.Null(Assert.Single(written, e => e.Type == "case.created").NotifiedAt);
        var recorded = Assert.Single(written, e => e.Type == "interaction.recorded");
        Assert.Equal(recorded.OccurredAt, recorded.NotifiedAt);

        var one = await RunAsync();
        var many = await OpenCasesAsync(staff, 8);
        var batch = await RunAsync();

        // One event a case looked at; the queries the same for both batches.
        Assert.True(one.Looked >= 1 && batch.Looked >= 8, $"looked at {one.Looked} and {batch.Looked} events");
        Assert.True(one.Queries > 0);
        Assert.Equal(one.Queries, batch.Queries);
        var all = single.Concat(many).Select(c => c.CitizenId).ToList();
        Assert.Equal(0, await host.InDbAsync(db => db.Events.CountAsync(e => e.CitizenId != null && all.Contains(e.CitizenId.Value) && e.NotifiedAt == null)));

        var messages = await host.InDbAsync(db => db.OutboundMessages.AsNoTracking().ToListAsync());
        foreach (var (citizenId, reference, spanish) in single.Concat(many))
        {
            var message = Assert.Single(messages, m => m.CitizenId == citizenId);
            Assert.Equal(NotificationKinds.CaseReceived, message.TemplateKey);
            Assert.Equal(spanish ? (Channel.Email, "es") : (Channel.Sms, "en"), (message.Channel, message.Language));
            Assert.Contains(reference, message.Body, StringComparison.Ordinal);
            Assert.Equal(OutboundStatus.Queued, message.Status);
        }

        // The same events again (a host that crashed before marking them, or one that raced this one): no copies.
        var citizens = many.Select(c => c.CitizenId).ToList();
        await host.InDbAsync(db => db.Events.Where(e => e.CitizenId != null && citizens.Contains(e.CitizenId.Value))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.NotifiedAt, (DateTime?)null)));
        Assert.True((await RunAsync()).Looked >= 16);
        Assert.Equal(messages.Count, await host.InDbAsync(db => db.OutboundMessages.CountAsync()));
    }

    [Fact]
    public async Task A_case_already_answered_by_a_status_reply_gets_no_acknowledgement_but_its_neighbours_in_the_batch_do()
    {
        var staff = await host.StaffClientAsync();
        await DrainAsync();

        var cases = await OpenCasesAsync(staff, 3);
        var answered = cases[1];
        await host.InDbAsync(async db =>
        {
            var caseId = await db.Cases.Where(c => c.Reference == answered.Reference).Select(c => c.Id).SingleAsync();
            db.OutboundMessages.Add(new OutboundMessage
            {
                Id = Guid.CreateVersion7(),
                NotificationId = Guid.NewGuid(),
                CitizenId = answered.CitizenId,
                CaseId = caseId,
                Channel = Channel.Sms,
                Recipient = "+15555550100",
                Body = $"Case {answered.Reference} is received.",
                TemplateKey = NotificationKinds.StatusAnswer,
                Author = "system",
                Status = OutboundStatus.Sent,
                NextAttemptAt = DateTime.UtcNow,
                CreatedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

        await RunAsync();
        var kinds = await host.InDbAsync(db => db.OutboundMessages.AsNoTracking()
            .Where(m => m.CitizenId == cases[0].CitizenId || m.CitizenId == cases[1].CitizenId || m.CitizenId == cases[2].CitizenId)
            .Select(m => new { m.CitizenId, m.TemplateKey }).ToListAsync());
        Assert.Equal(NotificationKinds.CaseReceived, Assert.Single(kinds, k => k.CitizenId == cases[0].CitizenId).TemplateKey);
        Assert.Equal(NotificationKinds.StatusAnswer, Assert.Single(kinds, k => k.CitizenId == answered.CitizenId).TemplateKey);
        Assert.Equal(NotificationKinds.CaseReceived, Assert.Single(kinds, k => k.CitizenId == cases[2].CitizenId).TemplateKey);
    }

    /// <summary>Opens a case for each of <paramref name="count"/> new citizens: every other one Spanish-speaking and reached by email first.</summary>
    private static async Task<List<(Guid CitizenId, string Reference, bool Spanish)>> OpenCasesAsync(HttpClient staff, int count)
    {
        var opened = new List<(Guid, string, bool)>();
        for (var i = 0; i < count; i++)
        {
            var spanish = i % 2 == 1;
            var citizen = await (await staff.PostJsonAsync("/api/v1/citizens", new
            {
                givenName = spanish ? "Lucía" : "Marcus",
                familyName = "Batch",
                preferredLanguage = spanish ? "es" : "en",
                preferredChannels = spanish ? new[] { "email", "sms" } : ["sms", "email"],
                phones = new[] { Http.NewPhone() },
                emails = new[] { $"{Guid.NewGuid():N}@mail.example" },
            })).JsonAsync(HttpStatusCode.Created);
            var id = citizen.GetProperty("id").GetGuid();
            var created = await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId = id, channel = "phone", description = "My bin was not collected" }))
                .JsonAsync(HttpStatusCode.Created);
            opened.Add((id, created.GetProperty("reference").GetString()!, spanish));
        }

        return opened;
    }

    /// <summary>Handles the events already there (the demo's, the other test's), which fails if the notifier does not mark what it handled.</summary>
    private async Task DrainAsync()
    {
        for (var batch = 0; batch < 50; batch++)
        {
            if ((await RunAsync()).Looked == 0)
            {
                return;
            }
        }

        Assert.Fail("The notifier keeps finding the same events: it does not mark what it handled.");
    }

    /// <summary>One batch of the notifier, with the queries its context sent (SELECTs, from EF Core's diagnostic events).</summary>
    private Task<(int Looked, int Queries)> RunAsync() => host.InScopeAsync(async services =>
    {
        var db = services.GetRequiredService<CivicHubDb>();
        queries.Watch(db);
        try
        {
            var looked = await services.GetRequiredService<EventNotifier>().RunOnceAsync(CancellationToken.None);
            return (looked, queries.Count);
        }
        finally
        {
            queries.Watch(null);
        }
    });
}

/// <summary>
/// Counts the queries (SELECTs) one context sends, from EF Core's diagnostic events. Listening from before the host
/// starts: EF Core caches for a while whether anyone listens, so a listener that came later would miss the first commands.
/// </summary>
public sealed class QueryCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable _listeners;
    private readonly List<IDisposable> _subscriptions = [];
    private DbContext? _watched;
    private int _count;

    public QueryCounter() => _listeners = DiagnosticListener.AllListeners.Subscribe(this);

    public int Count => Volatile.Read(ref _count);

    /// <summary>Counts from zero the queries of <paramref name="context"/>; null stops counting.</summary>
    public void Watch(DbContext? context)
    {
        Volatile.Write(ref _count, 0);
        Volatile.Write(ref _watched, context);
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData executed && executed.Context == Volatile.Read(ref _watched) && executed.Context is not null
            && executed.Command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _count);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _listeners.Dispose();
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}

/// <summary>A host that records what its senders are given but runs no outreach worker: the tests run the notifier.</summary>
public sealed class NotifierSqliteHost : SqliteHost
{
    public QueryCounter Queries { get; } = new();

    protected override bool RunsOutreach => true;

    protected override bool RunsOutreachWorker => false;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Queries.Dispose();
    }
}

/// <summary>The same on PostgreSQL.</summary>
public sealed class NotifierPostgresHost : PostgresHost
{
    public QueryCounter Queries { get; } = new();

    protected override bool RunsOutreach => true;

    protected override bool RunsOutreachWorker => false;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Queries.Dispose();
    }
}

public sealed class EventNotifierBatchOnSqlite(NotifierSqliteHost host) : EventNotifierBatchTests(host, host.Queries), IClassFixture<NotifierSqliteHost>;

public sealed class EventNotifierBatchOnPostgres(NotifierPostgresHost host) : EventNotifierBatchTests(host, host.Queries), IClassFixture<NotifierPostgresHost>;
