namespace CivicHub.Core.Outreach;

/// <summary>Tells the outbox worker in this host that messages were committed, so it sends now rather than at its next poll.</summary>
public sealed class OutreachSignal
{
    public event EventHandler? Queued;

    public void Notify() => Queued?.Invoke(this, EventArgs.Empty);
}
