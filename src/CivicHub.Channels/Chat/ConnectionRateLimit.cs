namespace CivicHub.Channels.Chat;

/// <summary>A fixed one-minute window of hub calls for one connection; calls of one connection run one at a time.</summary>
internal sealed class ConnectionRateLimit(TimeProvider time, int perMinute)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _count;
    private DateTimeOffset _lastTyping = DateTimeOffset.MinValue;

    public bool TryCall()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now - _windowStart >= TimeSpan.FromMinutes(1))
            {
                (_windowStart, _count) = (now, 0);
            }

            return ++_count <= perMinute;
        }
    }

    /// <summary>Typing notices are passed on at most once a second; the rest are dropped quietly.</summary>
    public bool TryTyping()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now - _lastTyping < TimeSpan.FromSeconds(1))
            {
                return false;
            }

            _lastTyping = now;
            return true;
        }
    }
}
