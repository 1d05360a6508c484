using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Core.Privacy.Agreements;

/// <summary>
/// The active data-sharing agreements, which every staff and integration read consults and which change a few times
/// a year, kept in memory as <see cref="Catalog.CatalogSnapshot"/> keeps the catalog. A save that adds, changes or
/// removes an agreement on this host drops the copy once it has committed (<see cref="Data.AfterCommitInterceptor"/>),
/// so the next request decides with the new agreement; other hosts reload within <see cref="MaxAge"/>. Whether an
/// agreement is in force at a moment (valid from, valid until) is still decided per read, from the copy.
/// </summary>
public sealed class AgreementSnapshot(IServiceScopeFactory scopes, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Loaded? _current;

    // Bumped by every invalidation: a load that started before a change must not put its older copy back.
    private long _version;

    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _current = null;
    }

    public void Dispose() => _loading.Dispose();

    public async ValueTask<IReadOnlyList<DataSharingAgreement>> ActiveAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && time.GetUtcNow() - current.LoadedAt < MaxAge)
        {
            return current.Agreements;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            if (current is not null && time.GetUtcNow() - current.LoadedAt < MaxAge)
            {
                return current.Agreements;
            }

            var version = Interlocked.Read(ref _version);
            var loadedAt = time.GetUtcNow();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CivicHubDb>();
            var agreements = await CacheLoads.ReadAsync(db, () => db.DataSharingAgreements.AsNoTracking().Where(a => a.Status == AgreementStatus.Active).ToListAsync(cancellationToken));
            current = new Loaded(loadedAt, agreements);
            if (Interlocked.Read(ref _version) == version)
            {
                _current = current;
            }

            return current.Agreements;
        }
        finally
        {
            _loading.Release();
        }
    }

    private sealed record Loaded(DateTimeOffset LoadedAt, IReadOnlyList<DataSharingAgreement> Agreements);
}
