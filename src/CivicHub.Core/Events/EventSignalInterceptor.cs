using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CivicHub.Core.Events;

/// <summary>
/// Raises <see cref="EventSignal"/> once the events a unit of work wrote have committed: straight after the save,
/// or after the explicit transaction around it commits (and never when it rolls back). One instance per DbContext.
/// </summary>
public sealed class EventSignalInterceptor(EventSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly List<DomainEvent> _saving = [];
    private readonly List<DomainEvent> _uncommitted = [];

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        _saving.Clear();
        if (eventData.Context is { } context)
        {
            _saving.AddRange(context.ChangeTracker.Entries<DomainEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity));
        }

        return ValueTask.FromResult(result);
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            signal.Notify([.. _saving]);
        }
        else
        {
            _uncommitted.AddRange(_saving);
        }

        _saving.Clear();
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        signal.Notify([.. _uncommitted]);
        _uncommitted.Clear();
        return Task.CompletedTask;
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        _uncommitted.Clear();
        return Task.CompletedTask;
    }
}
