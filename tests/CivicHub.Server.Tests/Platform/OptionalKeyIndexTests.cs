using CivicHub.Core.Data;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CivicHub.Server.Tests.Platform;

/// <summary>
/// The indexes of optional keys (a case's assignee, an interaction's draft and address) leave out the rows without
/// one, so writing such a row costs no entry in them; the look-ups by a value, the only ones made, still use them.
/// </summary>
public abstract class OptionalKeyIndexTests(CivicHubHost host)
{
    public static TheoryData<string, string> LookUps => new()
    {
        // Threading: the address's latest contact on the channel (IntakePipeline).
        { """SELECT "Id" FROM "Interactions" WHERE "ChannelIdentityId" = {0} AND "Channel" = 'Sms' ORDER BY "OccurredAt" DESC LIMIT 1""", "IX_Interactions_ChannelIdentityId_Channel_OccurredAt" },
        // A draft's contacts, moved to the case it becomes (DraftActions).
        { """SELECT "Id" FROM "Interactions" WHERE "DraftId" = {0}""", "IX_Interactions_DraftId" },
        // A staff member's cases (and the foreign key's check when a staff row goes).
        { """SELECT "Id" FROM "Cases" WHERE "AssigneeId" = {0} AND "Status" = 'InProgress'""", "IX_Cases_AssigneeId_Status" },
    };

    [Theory]
    [MemberData(nameof(LookUps))]
    public async Task A_look_up_by_value_uses_the_index_that_leaves_out_rows_without_one(string query, string index)
    {
        var key = host.Provider == DatabaseProvider.Postgres ? $"'{Guid.NewGuid()}'::uuid" : $"'{Guid.NewGuid().ToString().ToUpperInvariant()}'";
        var plan = await PlanAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, query, key));
        Assert.Contains(index, plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_without_the_key_have_no_entry_in_its_index()
    {
        var definitions = await host.InDbAsync(async db =>
        {
            var sql = host.Provider == DatabaseProvider.Postgres
                ? """SELECT indexdef FROM pg_indexes WHERE indexname IN ('IX_Interactions_ChannelIdentityId_Channel_OccurredAt', 'IX_Interactions_DraftId', 'IX_Cases_AssigneeId_Status') ORDER BY indexname"""
                : """SELECT sql FROM sqlite_master WHERE name IN ('IX_Interactions_ChannelIdentityId_Channel_OccurredAt', 'IX_Interactions_DraftId', 'IX_Cases_AssigneeId_Status') ORDER BY name""";
            return await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
        });

        Assert.Collection(
            definitions,
            d => Assert.Contains("\"AssigneeId\" IS NOT NULL", d, StringComparison.Ordinal),
            d => Assert.Contains("\"ChannelIdentityId\" IS NOT NULL", d, StringComparison.Ordinal),
            d => Assert.Contains("\"DraftId\" IS NOT NULL", d, StringComparison.Ordinal));
    }

    // The plan as text. PostgreSQL is told to avoid sequential scans, which a test database's small tables would
    // otherwise favour over any index; an index its planner cannot prove usable for the query still goes unused. The
    // setting is the transaction's own, which is rolled back, so the pooled connection goes back as it came.
    private Task<string> PlanAsync(string query) => host.InDbAsync(async db =>
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = host.Provider == DatabaseProvider.Postgres
            ? $"SET LOCAL enable_seqscan = off; EXPLAIN {query}"
            : $"EXPLAIN QUERY PLAN {query}";
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(reader.FieldCount - 1));
        }

        return string.Join('\n', lines);
    });
}

[Collection(SqliteCollection.Name)]
public sealed class OptionalKeyIndexesOnSqlite(SqliteHost host) : OptionalKeyIndexTests(host);

[Collection(PostgresCollection.Name)]
public sealed class OptionalKeyIndexesOnPostgres(PostgresHost host) : OptionalKeyIndexTests(host);
