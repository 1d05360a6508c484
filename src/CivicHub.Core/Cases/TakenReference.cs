using CivicHub.Core.Events;
using CivicHub.Core.Privacy.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Npgsql;

namespace CivicHub.Core.Cases;

/// <summary>
/// A new case's reference is drawn at random from 30^7, so two cases can draw the same one: once a jurisdiction holds
/// 100,000 cases, about one new case in 200,000 does, and more as cases accumulate. The unique index on the reference
/// refuses the second case; it is then given a new reference, which the rows written with it (its events, its audit
/// entry) are made to carry, and written again. Before, the citizen's request failed.
/// </summary>
internal static class TakenReference
{
    /// <summary>How many references a new case draws before the refusal stands: a third collision in a row means something else is wrong.</summary>
    public const int Attempts = 3;

    private const string Index = "IX_Cases_Reference";

    /// <summary>Whether the database refused a write because a case already has the reference it gave a new one.</summary>
    public static bool IsTaken(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: Index }:
                // SQLITE_CONSTRAINT_UNIQUE names the table and column, not the index.
                case SqliteException { SqliteExtendedErrorCode: 2067 } sqlite when sqlite.Message.Contains("Cases.Reference", StringComparison.Ordinal):
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Gives every case the tracker holds as added a new reference, carried to the other added rows; false when it
    /// holds none, so the refusal was about something else.
    /// </summary>
    public static bool RedrawAdded(ChangeTracker tracker)
    {
        var added = tracker.Entries().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var cases = added.OfType<Case>().ToList();
        foreach (var @case in cases)
        {
            Redraw(@case, added);
        }

        return cases.Count > 0;
    }

    /// <summary>Gives the case a new reference and makes the rows written with it carry the new one.</summary>
    public static void Redraw(Case @case, IEnumerable<object> rows)
    {
        var taken = @case.Reference;
        var drawn = CaseReference.New();
        @case.Reference = drawn;
        foreach (var row in rows)
        {
            switch (row)
            {
                case DomainEvent e when e.CaseId == @case.Id:
                    e.CaseReference = drawn;
                    e.Payload = e.Payload.Replace(taken, drawn, StringComparison.Ordinal);
                    break;
                case AuditEntry { RecordKind: AuditRecords.Case } a when a.RecordId == taken:
                    a.RecordId = drawn;
                    break;
            }
        }
    }
}
