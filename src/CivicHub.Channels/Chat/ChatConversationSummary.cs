using CivicHub.Core.Chat;

namespace CivicHub.Channels.Chat;

/// <summary>
/// A conversation as the desk's list shows it to one agent. When the agent may not see the visitor
/// (<see cref="WaitingChatAccess"/>), the name is a neutral label and the preview, case reference and citizen's id are
/// null; <see cref="Withheld"/> then names the category left out.
/// </summary>
public sealed record ChatConversationSummary(
    Guid Id,
    string Department,
    ChatConversationStatus Status,
    string? Preview,
    DateTime StartedAt,
    DateTime LastMessageAt,
    string? CaseReference,
    Guid? CitizenId,
    string CitizenName,
    string? AgentName)
{
    public IReadOnlyList<string> Withheld { get; init; } = [];

    /// <summary>The queue's department, for the access decision; never sent.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int DepartmentId { get; init; }

    /// <summary>The same conversation for an agent who may not see the visitor.</summary>
    public ChatConversationSummary WithoutVisitor() => this with
    {
        Preview = null,
        CaseReference = null,
        CitizenId = null,
        CitizenName = WaitingChatAccess.Label(Id),
        Withheld = [CivicHub.Core.Privacy.CategoryNames.Of(CivicHub.Core.Privacy.Agreements.DataCategories.ContactDetails)],
    };
}
