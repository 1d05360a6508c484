using System.Collections.Concurrent;
using System.Diagnostics;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;

namespace CivicHub.Server.Tests.Citizens;

/// <summary>
/// What a member of staff's read of a citizen costs the database on PostgreSQL, counted from Npgsql's own tracing of
/// the statements one request sent: who acts together with the citizen's access facts, the view or the page, and the
/// read's audit entry. The 360 view and the timeline are the two reads the benchmark holds to a latency target, and
/// each statement more is a round trip on every one of them.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CitizenReadStatementsTests(PostgresHost host)
{
    [Theory]
    [InlineData("")]
    [InlineData("/timeline")]
    public async Task A_read_by_staff_sends_three_statements_who_acts_with_the_access_facts_then_the_read_then_its_audit_entry(string part)
    {
        var dana = await host.StaffClientAsync("dana");
        var (citizenId, _, _) = await dana.NewCitizenAsync();
        await (await dana.PostJsonAsync("/api/v1/interactions", new { citizenId, channel = "phone", body = "Asked about a permit" })).JsonAsync(HttpStatusCode.Created);
        var path = $"/api/v1/citizens/{citizenId}{part}";
        await dana.GetJsonAsync(path);

        using var statements = new StatementRecorder();

        var (_, sent) = await ReadTracedAsync(dana, statements, path, HttpStatusCode.OK);

        var listed = string.Join("\n---\n", sent);
        Assert.True(sent.Count == 3, $"{sent.Count} statements:\n{listed}");
        Assert.Contains("\"Staff\"", sent[0], StringComparison.Ordinal);
        Assert.Contains("\"CitizenConsents\"", sent[0], StringComparison.Ordinal);
        Assert.StartsWith("INSERT INTO \"AuditEntries\"", sent[2], StringComparison.Ordinal);
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
        // Who acts with the facts, the page, the entry; for nobody, no entry.
        Assert.True(emptySent.Count == 3, string.Join("\n---\n", emptySent));
        Assert.True(missingSent.Count == 2, string.Join("\n---\n", missingSent));
    }

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
