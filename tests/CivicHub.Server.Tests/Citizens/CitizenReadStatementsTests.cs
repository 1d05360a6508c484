using System.Collections.Concurrent;
using System.Diagnostics;
using CivicHub.Core.Staff;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using CivicHub.Server.Tests.Privacy;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Tests.Citizens;

/// <summary>
/// What a member of staff's read of a citizen costs the database on PostgreSQL, counted from Npgsql's own tracing of
/// the round trips one request made: the citizen's access facts (with who acts) and the view or the page in one batch
/// when what the reader may see can be guessed, then the read's audit entry. The 360 view and the timeline are the two
/// reads the benchmark holds to a latency target, and each round trip more is paid on every one of them. A guess the
/// facts overturn costs a round trip and shows exactly what the decision allows.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CitizenReadStatementsTests(PostgresHost host)
{
    [Theory]
    [InlineData("")]
    [InlineData("/timeline")]
    public async Task A_read_by_staff_makes_two_round_trips_the_access_facts_with_the_read_then_its_audit_entry(string part)
    {
        var dana = await host.StaffClientAsync("dana");
        var (citizenId, _, _) = await dana.NewCitizenAsync();
        await (await dana.PostJsonAsync("/api/v1/interactions", new { citizenId, channel = "phone", body = "Asked about a permit" })).JsonAsync(HttpStatusCode.Created);
        var path = $"/api/v1/citizens/{citizenId}{part}";
        await dana.GetJsonAsync(path);

        using var statements = new StatementRecorder();

        var (body, sent) = await ReadTracedAsync(dana, statements, path, HttpStatusCode.OK);

        var listed = string.Join("\n---\n", sent);
        Assert.True(sent.Count == 2, $"{sent.Count} round trips:\n{listed}");
        Assert.Contains("\"CitizenConsents\"", sent[0], StringComparison.Ordinal);
        Assert.Contains("\"Interactions\"", sent[0], StringComparison.Ordinal);
        Assert.StartsWith("INSERT INTO \"AuditEntries\"", sent[1], StringComparison.Ordinal);
        var items = part == "" ? body.GetProperty("recentTimeline").GetProperty("items") : body.GetProperty("items");
        Assert.Contains(items.EnumerateArray(), i => i.GetProperty("body").GetString() == "Asked about a permit");
    }

    [Fact]
    public async Task A_guess_a_citizens_consent_overturns_is_read_again_with_what_the_consent_opens()
    {
        var world = await AccessWorld.OfAsync(host);
        var sam = await host.StaffClientAsync("sam");
        await sam.GetJsonAsync($"/api/v1/citizens/{world.Z}/timeline");
        using var statements = new StatementRecorder();

        // The guess assumes no consent. Y consented to Social Services seeing Tax's cases: the facts overturn the
        // guess and the page is read again. Z withdrew that consent: the guess holds.
        var (consented, consentedSent) = await ReadTracedAsync(sam, statements, $"/api/v1/citizens/{world.Y}/timeline", HttpStatusCode.OK);
        var (withdrawn, withdrawnSent) = await ReadTracedAsync(sam, statements, $"/api/v1/citizens/{world.Z}/timeline", HttpStatusCode.OK);

        Assert.Contains(world.Cases["TaxY"].Reference, References(consented));
        Assert.DoesNotContain(world.Cases["TaxZ"].Reference, References(withdrawn));
        Assert.True(consentedSent.Count == 3, string.Join("\n---\n", consentedSent));
        Assert.True(withdrawnSent.Count == 2, string.Join("\n---\n", withdrawnSent));
    }

    [Fact]
    public async Task A_member_of_staff_moved_to_another_department_sees_its_records_on_the_next_read_though_the_guess_remembered_the_old_one()
    {
        var world = await AccessWorld.OfAsync(host);
        var taylor = await host.StaffClientAsync("taylor");
        var path = $"/api/v1/citizens/{world.X}/timeline";
        Assert.Contains(world.Cases["TaxX"].Reference, References(await taylor.GetJsonAsync(path)));
        using var statements = new StatementRecorder();

        await MoveAsync("taylor", "PUBWORKS");
        try
        {
            var (moved, sent) = await ReadTracedAsync(taylor, statements, path, HttpStatusCode.OK);

            // Public Works' own case and Code Enforcement's, through their agreement; no longer Tax's.
            var references = References(moved);
            Assert.DoesNotContain(world.Cases["TaxX"].Reference, references);
            Assert.Contains(world.Cases["PubworksX"].Reference, references);
            Assert.Contains(world.Cases["CodeX"].Reference, references);
            Assert.True(sent.Count == 3, string.Join("\n---\n", sent));
        }
        finally
        {
            await MoveAsync("taylor", "TAX");
        }
    }

    [Fact]
    public async Task An_empty_timeline_page_tells_a_citizen_with_nothing_to_show_from_no_citizen_in_the_same_statement()
    {
        var dana = await host.StaffClientAsync("dana");
        var (citizenId, _, _) = await dana.NewCitizenAsync();
        await dana.GetJsonAsync($"/api/v1/citizens/{citizenId}/timeline");
        using var statements = new StatementRecorder();

        var (empty, emptySent) = await ReadTracedAsync(dana, statements, $"/api/v1/citizens/{citizenId}/timeline", HttpStatusCode.OK);
        var (_, missingSent) = await ReadTracedAsync(dana, statements, $"/api/v1/citizens/{Guid.NewGuid()}/timeline", HttpStatusCode.NotFound);

        Assert.Empty(empty.GetProperty("items").EnumerateArray());
        // The facts with the page, then the entry; for nobody, no entry.
        Assert.True(emptySent.Count == 2, string.Join("\n---\n", emptySent));
        Assert.True(missingSent.Count == 1, string.Join("\n---\n", missingSent));
    }

    private static List<string?> References(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("caseReference").GetString())];

    private Task<int> MoveAsync(string userName, string departmentCode) => host.InDbAsync(async db =>
    {
        var member = await db.Staff.Include(s => s.Departments).FirstAsync(s => s.UserName == userName);
        var department = await db.Departments.Where(d => d.Code == departmentCode).Select(d => d.Id).FirstAsync();
        member.Departments.Clear();
        member.Departments.Add(new StaffDepartment { StaffId = member.Id, DepartmentId = department });
        return await db.SaveChangesAsync();
    });

    private static async Task<(JsonElement Body, List<string> Sent)> ReadTracedAsync(HttpClient client, StatementRecorder statements, string path, HttpStatusCode expected)
    {
        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, Http.Url(path));
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        var body = await (await client.SendAsync(request)).JsonAsync(expected);
        return (body, statements.Of(trace));
    }

    /// <summary>The text of every statement Npgsql traced while it listened, by the trace it belonged to.</summary>
    private sealed class StatementRecorder : IDisposable
    {
        private readonly ConcurrentQueue<(ActivityTraceId Trace, DateTime Start, string Text)> _statements = new();
        private readonly ActivityListener _listener;

        public StatementRecorder()
        {
            _listener = new ActivityListener
            {
                // ASP.NET Core's request activity carries the caller's trace; Npgsql's statements are its children.
                ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (activity.Source.Name == "Npgsql")
                    {
                        var text = activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement");
                        _statements.Enqueue((activity.TraceId, activity.StartTimeUtc, text as string ?? activity.DisplayName));
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public List<string> Of(ActivityTraceId trace) =>
            [.. _statements.Where(s => s.Trace == trace).OrderBy(s => s.Start).Select(s => s.Text.Trim())];

        public void Dispose() => _listener.Dispose();
    }
}
