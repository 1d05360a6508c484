using System.Data.Common;
using CivicHub.Core.Events;
using CivicHub.Core.Privacy.Agreements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CivicHub.Core.Data;

/// <summary>
/// Tells the rest of the host what a save changed once it has committed: the <see cref="EventSignal"/> for the events
/// it wrote, and a dropped <see cref="AgreementSnapshot"/> when it touched an agreement (whoever saved it: the
/// administration pages, the API, the demo seeder). Committed means straight after the save, or once the explicit
/// transaction around it commits; a rollback forgets it. An agreement change also drops the copy straight after the
/// save, so a request that reloaded it in between cannot keep the copy from before the commit. One look at the change
/// tracker per save finds both; what waits for a commit is kept on the context (<see cref="CivicHubDb.Pending"/>), so
/// one instance serves every pooled context.
/// </summary>
public sealed class AfterCommitInterceptor(EventSignal signal, AgreementSnapshot agreements) : ISaveChangesInterceptor, IDbTransactionInterceptor
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

    public void SaveChangesFailed(DbContextErrorEventData eventData) => (eventData.Context as CivicHubDb)?.Pending.ForgetSaving();

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as CivicHubDb)?.Pending.ForgetSaving();
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => (eventData.Context as CivicHubDb)?.Pending.ForgetAll();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as CivicHubDb)?.Pending.ForgetAll();
        return Task.CompletedTask;
    }

    private static void Collect(DbContext? context)
    {
        if (context is not CivicHubDb db)
        {
            return;
        }

        db.Pending.ForgetSaving();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case DomainEvent domainEvent when entry.State == EntityState.Added:
                    db.Pending.SavingEvents.Add(domainEvent);
                    break;
                case DataSharingAgreement when entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted:
                    db.Pending.SavingAgreements = true;
                    break;
            }
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is not CivicHubDb db)
        {
            return;
        }

        if (db.Pending.SavingAgreements)
        {
            agreements.Invalidate();
        }

        if (db.Database.CurrentTransaction is null)
        {
            signal.Notify([.. db.Pending.SavingEvents]);
            db.Pending.ForgetSaving();
        }
        else
        {
            db.Pending.HoldUntilCommit();
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is not CivicHubDb db)
        {
            return;
        }

        if (db.Pending.UncommittedAgreements)
        {
            agreements.Invalidate();
        }

        signal.Notify([.. db.Pending.UncommittedEvents]);
        db.Pending.ForgetUncommitted();
    }
}
