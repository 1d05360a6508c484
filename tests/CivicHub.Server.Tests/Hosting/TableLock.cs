using Npgsql;

namespace CivicHub.Server.Tests.Hosting;

/// <summary>
/// A table held locked by another connection, so that a group commit's first write waits for it and the writes
/// started behind it gather into one group, whatever the machine's speed.
/// </summary>
internal static class TableLock
{
    /// <summary>Opens <paramref name="locker"/> and takes <paramref name="table"/> in <paramref name="mode"/> in a transaction held until it ends.</summary>
    public static async Task<NpgsqlTransaction> TakeAsync(NpgsqlConnection locker, string table, string mode)
    {
        await locker.OpenAsync(TestContext.Current.CancellationToken);
        var transaction = await locker.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand($"LOCK TABLE \"{table}\" IN {mode} MODE", locker, transaction);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return transaction;
    }

    /// <summary>
    /// Until the first write's INSERT (or, with <paramref name="mode"/> AccessShareLock, the first read) waits for this connection's lock on <paramref name="table"/>, so that it, not a
    /// later one, is the write under way; the first write ending before that fails the test at once, saying what the
    /// group commit (<paramref name="state"/>) and the server's connections were doing. Only a wait that this lock
    /// causes counts: the other test hosts' databases on the same server have INSERTs of their own, some of them
    /// waiting for other locks. The wait is found in pg_locks, not by the statement pg_stat_activity shows: an INSERT
    /// the connection has prepared before (Npgsql prepares statements used often) takes its lock while its parameters
    /// are bound, before the server reports it, so the connection still shows its previous statement, idle.
    /// </summary>
    public static async Task WaitUntilBlockedAsync(NpgsqlConnection locker, string table, Task first, Func<string> state, string mode = "RowExclusiveLock")
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT count(*) FROM pg_locks
                 WHERE relation = quote_ident($1)::regclass AND mode = $2 AND NOT granted
                   AND pg_backend_pid() = ANY(pg_blocking_pids(pid))
                """,
                locker);
            command.Parameters.Add(new NpgsqlParameter { Value = table });
            command.Parameters.Add(new NpgsqlParameter { Value = mode });
            if ((long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))! > 0)
            {
                return;
            }

            if (first.IsCompleted || DateTime.UtcNow >= deadline)
            {
                await using var activity = new NpgsqlCommand(
                    """
                    SELECT count(*) || ' connections: ' || string_agg(
                             pid || ' ' || coalesce(wait_event_type || ':' || wait_event, '-') || ' ' || coalesce(state, '-')
                             || ' for ' || coalesce(round(extract(epoch FROM now() - state_change) * 1000) || ' ms', '-')
                             || ' blocked by ' || coalesce(nullif(array_to_string(pg_blocking_pids(pid), ','), ''), 'none')
                             || ' ' || left(query, 40), '; ')
                           || ' (this connection is ' || pg_backend_pid() || ')'
                      FROM pg_stat_activity WHERE datname = current_database()
                    """,
                    locker);
                Assert.Fail($"The first INSERT into {table} did not wait for the table lock (the write is {first.Status}: {Describe(first.Exception?.InnerException)}; "
                    + $"{state()}); {await activity.ExecuteScalarAsync(TestContext.Current.CancellationToken)}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    // Each exception in the chain, type and message: "Exception while reading from stream" alone hides whether it timed out.
    private static string Describe(Exception? exception)
    {
        var parts = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            parts.Add($"{e.GetType().Name}: {e.Message}");
        }

        return string.Join(" <- ", parts);
    }
}
