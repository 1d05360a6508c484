using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace CivicHub.Bench;

/// <summary>
/// The five rows of a case written the way a group commit would write them: the cases of requests that arrive while a
/// group is being written wait and go together in the next, as one batch of multi-row INSERTs (one round trip, which
/// PostgreSQL runs as one implicit transaction). It measures how far writing cases together could go, with nothing
/// around it: no failure handling beyond failing the whole group, no idempotency, no ordering promises. With
/// <paramref name="rowByRow"/>, the group's batch holds one single-row INSERT per row instead, as EF Core would send
/// the rows of several cases saved together: the difference is what PostgreSQL spends per statement.
/// </summary>
internal sealed class GroupedCaseRows(NpgsqlDataSource dataSource, CaseRoute route, bool rowByRow)
{
    /// <summary>Groups written at once: one can gather while another is in PostgreSQL.</summary>
    public const int Writers = 2;

    private const int MaxGroup = 256;

    private readonly Channel<Pending> _waiting = Channel.CreateUnbounded<Pending>();
    private long _groups;
    private long _cases;

    /// <summary>Groups written and the cases in them, for the mean group size the benchmark reports.</summary>
    public (long Groups, long Cases) Written => (Interlocked.Read(ref _groups), Interlocked.Read(ref _cases));

    public sealed record Row(Guid CaseId, Guid CitizenId, string Reference, string Description, string Channel);

    public Task WriteAsync(Row row)
    {
        var pending = new Pending(row);
        _waiting.Writer.TryWrite(pending);
        return pending.Written.Task;
    }

    public Task RunAsync(CancellationToken stopping) => Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => WriteGroupsAsync(stopping)));

    private async Task WriteGroupsAsync(CancellationToken stopping)
    {
        var group = new List<Pending>();
        while (await WaitAsync(stopping))
        {
            while (group.Count < MaxGroup && _waiting.Reader.TryRead(out var pending))
            {
                group.Add(pending);
            }

            if (group.Count == 0)
            {
                continue;
            }

            try
            {
                await (rowByRow ? WriteRowByRowAsync(group, stopping) : WriteMultiRowAsync(group, stopping));
                Interlocked.Increment(ref _groups);
                Interlocked.Add(ref _cases, group.Count);
                group.ForEach(p => p.Written.SetResult());
            }
            catch (Exception ex)
            {
                group.ForEach(p => p.Written.SetException(ex));
            }

            group.Clear();
        }
    }

    private async Task<bool> WaitAsync(CancellationToken stopping)
    {
        try
        {
            return await _waiting.Reader.WaitToReadAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task WriteMultiRowAsync(List<Pending> group, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var ids = group.Select(p => p.Row.CaseId).ToArray();
        var citizens = group.Select(p => p.Row.CitizenId).ToArray();
        var references = group.Select(p => p.Row.Reference).ToArray();
        var descriptions = group.Select(p => p.Row.Description).ToArray();
        var channels = group.Select(p => p.Row.Channel).ToArray();
        var payloads = group.Select(p => $$"""{"reference":"{{p.Row.Reference}}","service":"general-enquiry","channel":"{{p.Row.Channel}}"}""").ToArray();

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(
            """
            INSERT INTO "Cases" ("Id", "Answers", "CitizenId", "CreatedAt", "DepartmentId", "Description", "OriginChannel", "Priority",
                                 "QueueId", "Reference", "ServiceId", "SlaDueAt", "Status", "Title", "UpdatedAt", "Version")
            SELECT r.id, $6, r.citizen, $7, $8, r.description, r.channel, 'Normal', $9, r.reference, $10, $11, 'Submitted', $12, $7, 0
              FROM unnest($1, $2, $3, $4, $5) AS r(id, citizen, reference, description, channel)
            """,
            Array(ids, NpgsqlDbType.Uuid), Array(citizens, NpgsqlDbType.Uuid), Array(references, NpgsqlDbType.Text),
            Array(descriptions, NpgsqlDbType.Text), Array(channels, NpgsqlDbType.Text),
            Value("""{"details":"Library opening hours after the renovation."}""", NpgsqlDbType.Text), Value(now, NpgsqlDbType.TimestampTz),
            Value(route.DepartmentId, NpgsqlDbType.Integer), Value(route.QueueId, NpgsqlDbType.Integer), Value(route.ServiceId, NpgsqlDbType.Integer),
            Value(now.AddHours(72), NpgsqlDbType.TimestampTz), Value(route.ServiceName, NpgsqlDbType.Text)));
        batch.BatchCommands.Add(Command(
            """
            INSERT INTO "Interactions" ("Author", "AuthorName", "Body", "CaseId", "Channel", "CitizenId", "Direction", "OccurredAt", "RecordedAt")
            SELECT 'integration:demo-integrator', 'Demo integration', r.description, r.id, r.channel, r.citizen, 'Inbound', $5, $5
              FROM unnest($1, $2, $3, $4) AS r(id, citizen, description, channel)
            """,
            Array(ids, NpgsqlDbType.Uuid), Array(citizens, NpgsqlDbType.Uuid), Array(descriptions, NpgsqlDbType.Text),
            Array(channels, NpgsqlDbType.Text), Value(now, NpgsqlDbType.TimestampTz)));
        batch.BatchCommands.Add(Command(
            """
            INSERT INTO "CaseChanges" ("Actor", "ActorName", "At", "CaseId", "Kind", "To")
            SELECT 'integration:demo-integrator', 'Demo integration', $2, r.id, 'Created', 'Submitted' FROM unnest($1) AS r(id)
            """,
            Array(ids, NpgsqlDbType.Uuid), Value(now, NpgsqlDbType.TimestampTz)));
        batch.BatchCommands.Add(Command(
            """
            INSERT INTO "Events" ("CaseId", "CaseReference", "CitizenId", "OccurredAt", "Payload", "Type")
            SELECT r.id, r.reference, r.citizen, $5, r.payload, t.type
              FROM unnest($1, $2, $3, $4) WITH ORDINALITY AS r(id, citizen, reference, payload, n)
             CROSS JOIN (VALUES (1, 'case.created'), (2, 'interaction.recorded')) AS t(k, type)
             ORDER BY r.n, t.k
            """,
            Array(ids, NpgsqlDbType.Uuid), Array(citizens, NpgsqlDbType.Uuid), Array(references, NpgsqlDbType.Text),
            Array(payloads, NpgsqlDbType.Text), Value(now, NpgsqlDbType.TimestampTz)));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task WriteRowByRowAsync(List<Pending> group, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        await using var batch = dataSource.CreateBatch();
        foreach (var pending in group)
        {
            var row = pending.Row;
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO "Cases" ("Id", "Answers", "CitizenId", "CreatedAt", "DepartmentId", "Description", "OriginChannel", "Priority",
                                     "QueueId", "Reference", "ServiceId", "SlaDueAt", "Status", "Title", "UpdatedAt", "Version")
                VALUES ($1, $2, $3, $4, $5, $6, $7, 'Normal', $8, $9, $10, $11, 'Submitted', $12, $4, 0)
                """,
                Value(row.CaseId, NpgsqlDbType.Uuid), Value("""{"details":"Library opening hours after the renovation."}""", NpgsqlDbType.Text),
                Value(row.CitizenId, NpgsqlDbType.Uuid), Value(now, NpgsqlDbType.TimestampTz), Value(route.DepartmentId, NpgsqlDbType.Integer),
                Value(row.Description, NpgsqlDbType.Text), Value(row.Channel, NpgsqlDbType.Text), Value(route.QueueId, NpgsqlDbType.Integer),
                Value(row.Reference, NpgsqlDbType.Text), Value(route.ServiceId, NpgsqlDbType.Integer), Value(now.AddHours(72), NpgsqlDbType.TimestampTz),
                Value(route.ServiceName, NpgsqlDbType.Text)));
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO "Interactions" ("Author", "AuthorName", "Body", "CaseId", "Channel", "CitizenId", "Direction", "OccurredAt", "RecordedAt")
                VALUES ('integration:demo-integrator', 'Demo integration', $1, $2, $3, $4, 'Inbound', $5, $5)
                """,
                Value(row.Description, NpgsqlDbType.Text), Value(row.CaseId, NpgsqlDbType.Uuid), Value(row.Channel, NpgsqlDbType.Text),
                Value(row.CitizenId, NpgsqlDbType.Uuid), Value(now, NpgsqlDbType.TimestampTz)));
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO "CaseChanges" ("Actor", "ActorName", "At", "CaseId", "Kind", "To")
                VALUES ('integration:demo-integrator', 'Demo integration', $1, $2, 'Created', 'Submitted')
                """,
                Value(now, NpgsqlDbType.TimestampTz), Value(row.CaseId, NpgsqlDbType.Uuid)));
            foreach (var type in (string[])["case.created", "interaction.recorded"])
            {
                batch.BatchCommands.Add(Command(
                    """
                    INSERT INTO "Events" ("CaseId", "CaseReference", "CitizenId", "OccurredAt", "Payload", "Type")
                    VALUES ($1, $2, $3, $4, $5, $6)
                    """,
                    Value(row.CaseId, NpgsqlDbType.Uuid), Value(row.Reference, NpgsqlDbType.Text), Value(row.CitizenId, NpgsqlDbType.Uuid),
                    Value(now, NpgsqlDbType.TimestampTz), Value($$"""{"reference":"{{row.Reference}}","service":"general-enquiry","channel":"{{row.Channel}}"}""", NpgsqlDbType.Text),
                    Value(type, NpgsqlDbType.Text)));
            }
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter Array<T>(T[] values, NpgsqlDbType type) => new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | type };

    private static NpgsqlParameter Value(object value, NpgsqlDbType type) => new() { Value = value, NpgsqlDbType = type };

    private sealed class Pending(Row row)
    {
        public Row Row { get; } = row;

        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
