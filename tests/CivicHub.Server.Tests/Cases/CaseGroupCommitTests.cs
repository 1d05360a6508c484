using CivicHub.Core.Access;
using CivicHub.Core.Cases;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CivicHub.Server.Tests.Cases;

/// <summary>
/// Cases of concurrent requests written together on PostgreSQL (<see cref="CaseRows"/>): each request returns once
/// its own case is committed, with its own rows and keys, cases that waited together share one transaction, and a
/// case the database refuses fails its own request alone. A lock on the cases table held by another connection
/// holds the first case's write, so the cases behind it gather into one group whatever the machine's speed.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CaseGroupCommitTests(PostgresHost host)
{
    [Fact]
    public async Task Cases_that_wait_for_a_write_go_together_in_one_transaction_each_with_its_own_rows_and_keys()
    {
        var citizens = await CitizensAsync(9);
        var opened = await OpenBehindLockAsync(citizens.Select(id => (id, $"Group commit probe for {id}")).ToList());

        var (rows, transactions) = await RowsAsync(citizens);
        // The first alone (its write was under way), the eight that waited for it in one transaction of their own.
        var groupFailures = host.Logs.Entries.Where(e => e.Level >= LogLevel.Warning && e.Category.EndsWith(nameof(CaseRows), StringComparison.Ordinal))
            .Select(e => $"{e.Message} {e.Exception}").ToList();
        Assert.True(transactions.Distinct().Count() == 2, $"{transactions.Distinct().Count()} transactions; the group commit said: {string.Join(" | ", groupFailures)}");
        Assert.Single(transactions, t => t == transactions[0]);
        for (var i = 0; i < citizens.Count; i++)
        {
            var (@case, interaction, events) = opened[i];
            var stored = rows[citizens[i]];
            Assert.Equal(@case.Id, stored.CaseId);
            Assert.Equal(interaction.Id, stored.InteractionId);
            Assert.Equal($"Group commit probe for {citizens[i]}", stored.Body);
            Assert.Equal(stored.Events, events.Select(e => (e.Id, e.Type, e.CaseId)));
        }
    }

    [Fact]
    public async Task A_case_the_database_refuses_fails_only_its_own_request_and_the_rest_of_its_group_is_written_once()
    {
        const string Refused = "group commit probe: the database refuses this interaction";
        var citizens = await CitizensAsync(6);
        await host.InDbAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync($"""
                CREATE FUNCTION refuse_group_probe() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW."Body" = '{Refused}' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$
                """);
            return await db.Database.ExecuteSqlRawAsync("""CREATE TRIGGER refuse_group_probe BEFORE INSERT ON "Interactions" FOR EACH ROW EXECUTE FUNCTION refuse_group_probe()""");
        });
        try
        {
            var requests = citizens.Select((id, i) => (id, i == 3 ? Refused : $"Group commit probe for {id}")).ToList();
            var error = await Assert.ThrowsAsync<PostgresException>(() => OpenBehindLockAsync(requests, failing: 3));
            Assert.Contains("refused", error.MessageText, StringComparison.Ordinal);
        }
        finally
        {
            await host.InDbAsync(async db =>
            {
                await db.Database.ExecuteSqlRawAsync("""DROP TRIGGER refuse_group_probe ON "Interactions" """);
                return await db.Database.ExecuteSqlRawAsync("DROP FUNCTION refuse_group_probe()");
            });
        }

        var (rows, _) = await RowsAsync(citizens);
        Assert.Equal(citizens.Where((_, i) => i != 3).Order(), rows.Keys.Order());
        Assert.All(rows.Values, r => Assert.Equal(["case.created", "interaction.recorded"], r.Events.Select(e => e.Type)));
        var counts = await host.InDbAsync(async db => (
            await db.Cases.CountAsync(c => citizens.Contains(c.CitizenId)),
            await db.Events.CountAsync(e => e.CitizenId != null && citizens.Contains(e.CitizenId.Value) && e.CaseId != null)));
        Assert.Equal((5, 10), counts);
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Category.EndsWith(nameof(CaseRows), StringComparison.Ordinal)
            && e.Message.Contains("group of 5 cases", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_citizens_of_cases_opened_together_are_read_together_each_case_prefilled_from_its_own_and_an_unknown_one_refused_alone()
    {
        host.RequireDatabase();
        var staff = await host.StaffClientAsync();
        var citizens = new List<(Guid Id, string Phone)>();
        for (var i = 0; i < 5; i++)
        {
            var (id, phone, _) = await staff.NewCitizenAsync();
            citizens.Add((id, phone));
        }

        var unknown = Guid.NewGuid();
        var reads = host.Services.GetRequiredService<CaseCitizens>();
        var scopes = Enumerable.Range(0, citizens.Count + 1).Select(_ => host.Services.CreateAsyncScope()).ToList();
        try
        {
            // The first request's read waits for a lock on the citizens; the others gather behind it.
            await using var locker = new NpgsqlConnection(host.DatabaseConnectionString);
            await using var transaction = await TableLock.TakeAsync(locker, "Citizens", "ACCESS EXCLUSIVE");

            Task<Outcome<OpenedCase>> Open(int i, Guid citizenId) => scopes[i].ServiceProvider.GetRequiredService<CreateCase>().RunAsync(
                new CreateCase.Request(citizenId, null, "general-enquiry", Channel.Phone, $"Read together {i}", null, null,
                    new Dictionary<string, System.Text.Json.JsonElement> { ["details"] = System.Text.Json.JsonSerializer.SerializeToElement($"Question {i}") },
                    null, null, null, null),
                Actor.System,
                CancellationToken.None);

            var first = Open(0, citizens[0].Id);
            await TableLock.WaitUntilBlockedAsync(locker, "Citizens", first, () => $"{reads.State.Gathering} reads gather", "AccessShareLock");
            var others = citizens.Skip(1).Select(c => c.Id).Append(unknown).Select((id, i) => Open(i + 1, id)).ToList();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (reads.State.Gathering < others.Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }

            // Checked once the lock is gone: reads that did not gather would otherwise wait on it with their connections.
            var (gathered, firstDone) = (reads.State.Gathering, first.IsCompleted);
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
            var outcomes = await Task.WhenAll(others.Prepend(first));
            Assert.Equal(others.Count, gathered);
            Assert.False(firstDone);
            for (var i = 0; i < citizens.Count; i++)
            {
                var opened = outcomes[i].Value!;
                Assert.Equal(citizens[i].Id, opened.Case.CitizenId);
                // The form's phone field, prefilled from the citizen's own phone (stored as E.164).
                var digits = string.Concat(citizens[i].Phone.Where(char.IsAsciiDigit));
                Assert.Equal($"+{digits}", CivicHub.Core.Catalog.FormAnswers.Deserialize(opened.Case.Answers)["contact_phone"]);
            }

            var refused = outcomes[^1];
            Assert.False(refused.Succeeded);
            Assert.Equal(["citizenId"], refused.Problem!.Errors!.Keys);
            Assert.Equal(0, await host.InDbAsync(db => db.Cases.CountAsync(c => c.CitizenId == unknown)));
        }
        finally
        {
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }
    }

    private async Task<List<Guid>> CitizensAsync(int count)
    {
        var staff = await host.StaffClientAsync();
        var citizens = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            citizens.Add((await staff.NewCitizenAsync()).Id);
        }

        return citizens;
    }

    /// <summary>
    /// Opens the first case while another connection holds the cases table locked, opens the others behind it (each
    /// in its own scope, as requests would), lets the lock go, and returns each case with its interaction and
    /// events as the request holds them. With <paramref name="failing"/>, that request's exception is thrown once every other has returned.
    /// </summary>
    private async Task<List<(Case Case, Interaction Interaction, List<DomainEvent> Events)>> OpenBehindLockAsync(List<(Guid CitizenId, string Description)> requests, int? failing = null)
    {
        host.RequireDatabase();
        var caseRows = host.Services.GetRequiredService<CaseRows>();
        var scopes = requests.Select(_ => host.Services.CreateAsyncScope()).ToList();
        try
        {
            await using var locker = new NpgsqlConnection(host.DatabaseConnectionString);
            await using var transaction = await TableLock.TakeAsync(locker, "Cases", "EXCLUSIVE");

            Task<Outcome<OpenedCase>> Open(int i) => scopes[i].ServiceProvider.GetRequiredService<CreateCase>().RunAsync(
                new CreateCase.Request(requests[i].CitizenId, null, null, Channel.Phone, requests[i].Description, null, null, null, null, null, null, null),
                Actor.System,
                CancellationToken.None);

            var first = Open(0);
            await TableLock.WaitUntilBlockedAsync(locker, "Cases", first, () =>
            {
                var (writing, gathering) = caseRows.State;
                return $"the group commit {(writing ? "is writing a group" : "writes nothing")}, {gathering} cases gather for the next";
            });
            var waiting = Enumerable.Range(1, requests.Count - 1).Select(Open).ToList();

            // Each reads its citizen before it writes: all of them wait for the first write before the lock goes.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (caseRows.State.Gathering < waiting.Count && DateTime.UtcNow < deadline && !waiting.Any(w => w.IsCompleted))
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }

            Assert.Equal(waiting.Count, caseRows.State.Gathering);
            Assert.False(first.IsCompleted);
            Assert.DoesNotContain(waiting, w => w.IsCompleted);
            await transaction.CommitAsync(TestContext.Current.CancellationToken);

            var all = waiting.Prepend(first).ToList();
            await Task.WhenAll(all.Where((_, i) => i != failing));
            if (failing is { } refused)
            {
                await all[refused];
            }

            return [.. all.Select((opened, i) =>
            {
                // Written by hand, never tracked: nothing is left for a later save in the request's context.
                Assert.Empty(scopes[i].ServiceProvider.GetRequiredService<CivicHubDb>().ChangeTracker.Entries());
                var rows = opened.Result.Value!;
                return (rows.Case, rows.Interaction, rows.Events.OrderBy(e => e.Id).ToList());
            })];
        }
        finally
        {
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }
    }

    private Task<(Dictionary<Guid, Stored> Rows, List<string> Transactions)> RowsAsync(List<Guid> citizens) => host.InDbAsync(async db =>
    {
        var cases = await db.Cases.AsNoTracking().Where(c => citizens.Contains(c.CitizenId)).ToListAsync();
        var interactions = await db.Interactions.AsNoTracking().Where(i => citizens.Contains(i.CitizenId)).ToListAsync();
        var events = await db.Events.AsNoTracking().Where(e => e.CaseId != null && e.CitizenId != null && citizens.Contains(e.CitizenId.Value)).OrderBy(e => e.Id).ToListAsync();
        // xmin: the transaction that inserted the row (nothing has updated these cases since).
        var transactions = new List<string>();
        foreach (var citizen in citizens.Where(id => cases.Any(c => c.CitizenId == id)))
        {
            transactions.Add(await db.Database.SqlQueryRaw<string>("SELECT xmin::text AS \"Value\" FROM \"Cases\" WHERE \"CitizenId\" = {0}", citizen).SingleAsync());
        }

        var rows = cases.ToDictionary(c => c.CitizenId, c => new Stored(
            c.Id,
            interactions.Single(i => i.CaseId == c.Id).Id,
            interactions.Single(i => i.CaseId == c.Id).Body,
            [.. events.Where(e => e.CaseId == c.Id).Select(e => (e.Id, e.Type, e.CaseId))]));
        return (rows, transactions);
    });

    private sealed record Stored(Guid CaseId, long InteractionId, string Body, List<(long Id, string Type, Guid? CaseId)> Events);
}
