using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Interactions;

namespace CivicHub.Core.Cases;

/// <summary>A new case's rows as <see cref="CaseOpener"/> builds them: the case, its first interaction, its history entry and its events.</summary>
public sealed record OpenedCase(Case Case, Interaction Interaction, CaseChange Created, IReadOnlyList<DomainEvent> Events)
{
    /// <summary>Every row, parents first.</summary>
    public IEnumerable<object> Rows => [Case, Interaction, Created, .. Events];

    /// <summary>Adds the rows to the context's unit of work, to commit with the caller's other changes.</summary>
    public void AddTo(CivicHubDb db)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.Cases.Add(Case);
        db.Interactions.Add(Interaction);
        db.CaseChanges.Add(Created);
        db.Events.AddRange(Events);
    }
}
