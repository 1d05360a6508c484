namespace CivicHub.Core.Outreach.Outbox;

/// <summary>How long a message waits after a failed attempt: doubling from a base up to a cap, with jitter.</summary>
public static class Backoff
{
    /// <param name="attempts">Attempts made so far, at least one.</param>
    /// <param name="baseDelay">The wait after the first failure.</param>
    /// <param name="maxDelay">The longest wait, before jitter.</param>
    /// <param name="jitter">A number in [0, 1): up to a fifth more, so many failing messages do not retry in lockstep.</param>
    public static TimeSpan After(int attempts, TimeSpan baseDelay, TimeSpan maxDelay, double jitter)
    {
        var delay = baseDelay * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        if (delay > maxDelay)
        {
            delay = maxDelay;
        }

        return delay + (delay * (Math.Clamp(jitter, 0, 1) * 0.2));
    }
}
