using CivicHub.Core.Access;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// The <see cref="AuditSource"/> of the work under way, flowing with the async call chain of one request or one
/// desk action. The change interceptor reads it because a pooled DbContext cannot hold per-request state safely;
/// work outside any scope (workers, start-up) is recorded as the system.
/// </summary>
/// <remarks>
/// A request's source can be begun unresolved (<see cref="Begin(Actor, Func{CancellationToken, Task{AuditSource}})"/>):
/// the departments of a member of staff are then looked up only when the request first records something, and by
/// then the request's own access check has usually read them already. A request that records nothing (most of the
/// API: lists, the catalog, the actor's own work queue) looks nobody up for the log.
/// </remarks>
public static class AuditScope
{
    private static readonly AsyncLocal<Pending?> CurrentSource = new();

    /// <summary>Who acts, known without resolving anything.</summary>
    public static Actor Actor => CurrentSource.Value?.Actor ?? Actor.System;

    /// <summary>The source of the work under way, resolved (once) if it was begun unresolved.</summary>
    public static Task<AuditSource> CurrentAsync(CancellationToken cancellationToken) =>
        CurrentSource.Value?.ResolveAsync(cancellationToken) ?? Task.FromResult(AuditSource.System);

    /// <summary>
    /// For synchronous saves only, which nothing on a request's path makes: blocks on the lookup when the source is
    /// still unresolved.
    /// </summary>
    public static AuditSource Current => CurrentSource.Value is { } pending ? pending.ResolveAsync(CancellationToken.None).GetAwaiter().GetResult() : AuditSource.System;

    /// <summary>Sets the source until the returned handle is disposed, then restores the one before.</summary>
    public static IDisposable Begin(AuditSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Begin(new Pending(source.Actor, Task.FromResult(source)));
    }

    /// <summary>Sets a source that <paramref name="resolve"/> completes on first use, until the handle is disposed.</summary>
    public static IDisposable Begin(Actor actor, Func<CancellationToken, Task<AuditSource>> resolve)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(resolve);
        return Begin(new Pending(actor, resolve));
    }

    private static Restore Begin(Pending pending)
    {
        var previous = CurrentSource.Value;
        CurrentSource.Value = pending;
        return new Restore(previous);
    }

    private sealed class Pending
    {
        private readonly Func<CancellationToken, Task<AuditSource>>? _resolve;
        private Task<AuditSource>? _resolved;

        public Pending(Actor actor, Task<AuditSource> resolved)
        {
            Actor = actor;
            _resolved = resolved;
        }

        public Pending(Actor actor, Func<CancellationToken, Task<AuditSource>> resolve)
        {
            Actor = actor;
            _resolve = resolve;
        }

        public Actor Actor { get; }

        // One request's work is sequential; a failed or cancelled lookup is retried by the next use.
        public Task<AuditSource> ResolveAsync(CancellationToken cancellationToken)
        {
            if (_resolved is { IsFaulted: false, IsCanceled: false } resolved)
            {
                return resolved;
            }

            return _resolved = _resolve!(cancellationToken);
        }
    }

    private sealed class Restore(Pending? previous) : IDisposable
    {
        public void Dispose() => CurrentSource.Value = previous;
    }
}
