using System.Data.Common;
using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CivicHub.Core.Events;

/// <summary>
/// Raises <see cref="EventSignal"/> once the events a unit of work wrote have committed: straight after the save,
/// or after the explicit transaction around it commits (and never when it rolls back). It keeps no state of its
/// own, so one instance serves every pooled context; what is still uncommitted waits on the context.
/// </summary>
public sealed class EventSignalInterceptor(EventSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context, onlySaving: true);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, onlySaving: true);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context, onlySaving: false);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, onlySaving: false);
        return Task.CompletedTask;
    }

    private static void Collect(DbContext? context)
    {
        if (context is CivicHubDb db)
        {
            db.SavingEvents.Clear();
            db.SavingEvents.AddRange(db.ChangeTracker.Entries<DomainEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity));
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is not CivicHubDb db)
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            signal.Notify([.. db.SavingEvents]);
        }
        else
        {
            db.UncommittedEvents.AddRange(db.SavingEvents);
        }

        db.SavingEvents.Clear();
    }

    private void Committed(DbContext? context)
    {
        if (context is CivicHubDb db)
        {
            signal.Notify([.. db.UncommittedEvents]);
            db.UncommittedEvents.Clear();
        }
    }

    private static void Forget(DbContext? context, bool onlySaving)
    {
        if (context is CivicHubDb db)
        {
            db.SavingEvents.Clear();
            if (!onlySaving)
            {
                db.UncommittedEvents.Clear();
            }
        }
    }
}
