using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CivicHub.Core.Privacy.Agreements;

/// <summary>
/// Drops the in-memory <see cref="AgreementSnapshot"/> whenever a save touches an agreement, whoever saves it (the
/// administration pages, the API, the demo seeder): straight after the save, and again when the transaction around it
/// commits, so a request that reloaded in between cannot keep the copy from before the commit.
/// </summary>
public sealed class AgreementChangeInterceptor(AgreementSnapshot agreements) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    // Contexts are pooled and shared by no two requests at once; a weak table keeps the flag off the context's type.
    private readonly ConditionalWeakTable<DbContext, object> _changed = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
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

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<DataSharingAgreement>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            _changed.AddOrUpdate(context, this);
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_changed.TryGetValue(context, out _))
        {
            return;
        }

        agreements.Invalidate();
        if (context.Database.CurrentTransaction is null)
        {
            _changed.Remove(context);
        }
    }

    private void Ended(DbContext? context)
    {
        if (context is not null && _changed.Remove(context))
        {
            agreements.Invalidate();
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _changed.Remove(context);
        }
    }
}
