namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// The <see cref="AuditSource"/> of the work under way, flowing with the async call chain of one request or one
/// desk action. The change interceptor reads it because a pooled DbContext cannot hold per-request state safely;
/// work outside any scope (workers, start-up) is recorded as the system.
/// </summary>
public static class AuditScope
{
    private static readonly AsyncLocal<AuditSource?> CurrentSource = new();

    public static AuditSource Current => CurrentSource.Value ?? AuditSource.System;

    /// <summary>Sets the source until the returned handle is disposed, then restores the one before.</summary>
    public static IDisposable Begin(AuditSource source)
    {
        var previous = CurrentSource.Value;
        CurrentSource.Value = source;
        return new Restore(previous);
    }

    private sealed class Restore(AuditSource? previous) : IDisposable
    {
        public void Dispose() => CurrentSource.Value = previous;
    }
}
