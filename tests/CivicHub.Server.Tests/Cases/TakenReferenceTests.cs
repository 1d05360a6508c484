using System.Collections.Concurrent;
using CivicHub.Core.Cases;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Cases;

/// <summary>
/// A new case that draws a reference another case already has is refused by the unique index; it draws another and
/// is written again, its events and audit entry carrying the new reference, and the request succeeds with nothing
/// written twice. The host hands out the other case's reference as the next one drawn, so the collision is real.
/// </summary>
public abstract class TakenReferenceTests(CivicHubHost host, ReferencesToHandOut references)
{
    [Fact]
    public async Task A_case_that_draws_a_reference_another_case_has_draws_another_and_its_events_and_audit_entry_carry_it()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var taken = await OpenAsync(staff, citizenId, "The first case of this reference", idempotencyKey: null);

        references.HandOut(taken);
        var drawn = await OpenAsync(staff, citizenId, "The case that drew a taken reference", idempotencyKey: null);

        Assert.True(references.AllHandedOut, "The taken reference was never drawn: the test did not collide.");
        await AssertCarriedAsync(taken, drawn, "The case that drew a taken reference");
    }

    [Fact]
    public async Task A_case_opened_with_an_idempotency_key_draws_again_in_the_requests_transaction_and_a_retry_gets_the_reference_drawn()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var taken = await OpenAsync(staff, citizenId, "The first case of this reference, with a key", idempotencyKey: null);
        var key = Guid.NewGuid().ToString();

        references.HandOut(taken);
        var drawn = await OpenAsync(staff, citizenId, "The keyed case that drew a taken reference", key);

        Assert.True(references.AllHandedOut, "The taken reference was never drawn: the test did not collide.");
        await AssertCarriedAsync(taken, drawn, "The keyed case that drew a taken reference");
        Assert.Equal(drawn, await OpenAsync(staff, citizenId, "The keyed case that drew a taken reference", key));
        Assert.Equal(1, await host.InDbAsync(db => db.Cases.CountAsync(c => c.Description == "The keyed case that drew a taken reference")));
    }

    private static async Task<string> OpenAsync(HttpClient staff, Guid citizenId, string description, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Http.Url("/api/v1/cases"))
        {
            Content = JsonContent.Create(new { citizenId, channel = "phone", description }, options: CivicHubHost.Json),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var created = await (await staff.SendAsync(request)).JsonAsync(HttpStatusCode.Created);
        return created.GetProperty("reference").GetString()!;
    }

    private async Task AssertCarriedAsync(string taken, string drawn, string description)
    {
        Assert.NotEqual(taken, drawn);
        Assert.Equal(drawn, CaseReference.Normalize(drawn));
        var (@case, interactions, events, audited, takenAudited) = await host.InDbAsync(async db =>
        {
            var c = await db.Cases.AsNoTracking().SingleAsync(x => x.Description == description);
            return (
                c,
                await db.Interactions.CountAsync(i => i.CaseId == c.Id),
                await db.Events.AsNoTracking().Where(e => e.CaseId == c.Id).ToListAsync(),
                await db.AuditEntries.CountAsync(a => a.RecordKind == AuditRecords.Case && a.RecordId == drawn),
                await db.AuditEntries.CountAsync(a => a.RecordKind == AuditRecords.Case && a.RecordId == taken && a.Action == AuditAction.Create));
        });
        Assert.Equal(drawn, @case.Reference);
        Assert.Equal(1, interactions);
        Assert.Equal(["case.created", "interaction.recorded"], events.Select(e => e.Type).Order());
        Assert.All(events, e => Assert.Equal(drawn, e.CaseReference));
        var created = events.Single(e => e.Type == "case.created");
        Assert.Contains($"\"reference\":\"{drawn}\"", created.Payload, StringComparison.Ordinal);
        Assert.DoesNotContain(taken, created.Payload, StringComparison.Ordinal);
        // One entry for the new case under the reference it has, and the first case's own entry alone under the taken one.
        Assert.Equal(1, audited);
        Assert.Equal(1, takenAudited);
    }
}

/// <summary>Draws as CivicHub does, except that a reference handed out is drawn next.</summary>
public sealed class ReferencesToHandOut : CaseReferenceSource
{
    private readonly ConcurrentQueue<string> _next = new();

    public bool AllHandedOut => _next.IsEmpty;

    public void HandOut(string reference) => _next.Enqueue(reference);

    public override string Next() => _next.TryDequeue(out var reference) ? reference : base.Next();
}

/// <summary>A host of its own on SQLite whose next references the tests choose.</summary>
public sealed class TakenReferenceSqliteHost : SqliteHost
{
    public ReferencesToHandOut References { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<CaseReferenceSource>(References));
    }
}

/// <summary>The same on PostgreSQL.</summary>
public sealed class TakenReferencePostgresHost : PostgresHost
{
    public ReferencesToHandOut References { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<CaseReferenceSource>(References));
    }
}

public sealed class TakenReferencesOnSqlite(TakenReferenceSqliteHost host) : TakenReferenceTests(host, host.References), IClassFixture<TakenReferenceSqliteHost>;

public sealed class TakenReferencesOnPostgres(TakenReferencePostgresHost host) : TakenReferenceTests(host, host.References), IClassFixture<TakenReferencePostgresHost>;
