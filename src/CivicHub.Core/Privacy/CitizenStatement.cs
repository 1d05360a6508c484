using System.Data.Common;
using CivicHub.Core.Data;
using CivicHub.Core.Privacy.Audit;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CivicHub.Core.Privacy;

/// <summary>
/// Runs a PostgreSQL statement over one citizen (the 360 view, a timeline page) with the access decision it needs, in
/// one round trip when it can: if <see cref="RecordAccess.GuessCitizenAsync"/> can guess what the actor may see, the
/// citizen's facts and the statement told that guess go as one batch, and the statement's result is kept only if
/// the decision made from those facts agrees with the guess (<see cref="CitizenReadAccess.Agrees"/>). Otherwise, and
/// on a member of staff's first read in this process, the facts are read first and the statement is told the decision.
/// </summary>
internal static class CitizenStatement
{
    /// <summary>A statement's result, and whether it showed the contact details (null when nothing in it depended on access: no such citizen).</summary>
    public readonly record struct Result<T>(T Value, bool? ContactDetailsShown);

    public static async Task<(CitizenAccess Visible, T Value)> RunAsync<T>(
        CivicHubDb db,
        RecordAccess access,
        Guid citizenId,
        Func<CitizenReadAccess, NpgsqlBatchCommand> statement,
        Func<DbDataReader, CancellationToken, Task<Result<T>>> read,
        CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            CitizenAccess visible;
            if (await access.GuessCitizenAsync(cancellationToken) is { } guess)
            {
                await using var guessed = Batch(db, connection, access.CitizenFactsCommand(citizenId), statement(guess));
                await using var reader = await guessed.ExecuteReaderAsync(cancellationToken);
                visible = await access.CitizenFromFactsAsync(reader, cancellationToken);
                await reader.NextResultAsync(cancellationToken);
                var result = await read(reader, cancellationToken);
                if (result.ContactDetailsShown is not { } shown || guess.Agrees(visible, shown))
                {
                    return (visible, result.Value);
                }
            }
            else
            {
                visible = await access.CitizenAsync(citizenId, cancellationToken);
            }

            await using var decided = Batch(db, connection, statement(CitizenReadAccess.Decided(visible)));
            await using var decidedReader = await decided.ExecuteReaderAsync(cancellationToken);
            return (visible, (await read(decidedReader, cancellationToken)).Value);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static NpgsqlBatch Batch(CivicHubDb db, NpgsqlConnection connection, params NpgsqlBatchCommand[] commands)
    {
        var batch = new NpgsqlBatch(connection) { Transaction = AuditInsert.Transaction(db) };
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        return batch;
    }
}
