using CivicHub.Core.Events;

namespace CivicHub.Core.Data;

/// <summary>
/// What a context's save under way, and the transaction around it, will set off once committed; kept and cleared by
/// <see cref="AfterCommitInterceptor"/>.
/// </summary>
internal sealed class PendingCommit
{
    /// <summary>Events added by the save under way.</summary>
    public List<DomainEvent> SavingEvents { get; } = [];

    /// <summary>Whether the save under way adds, changes or removes an agreement.</summary>
    public bool SavingAgreements { get; set; }

    /// <summary>Events saved inside a transaction that has not committed yet.</summary>
    public List<DomainEvent> UncommittedEvents { get; } = [];

    /// <summary>Whether a save inside the open transaction touched an agreement.</summary>
    public bool UncommittedAgreements { get; private set; }

    /// <summary>The save finished inside a transaction: what it set off waits for the commit.</summary>
    public void HoldUntilCommit()
    {
        UncommittedEvents.AddRange(SavingEvents);
        UncommittedAgreements |= SavingAgreements;
        ForgetSaving();
    }

    public void ForgetSaving()
    {
        SavingEvents.Clear();
        SavingAgreements = false;
    }

    /// <summary>
    /// The transaction ended. EF Core's own transaction inside a save commits before the save finishes, so what the
    /// save under way collected stays for it.
    /// </summary>
    public void ForgetUncommitted()
    {
        UncommittedEvents.Clear();
        UncommittedAgreements = false;
    }

    public void ForgetAll()
    {
        ForgetSaving();
        ForgetUncommitted();
    }
}
