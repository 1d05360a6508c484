namespace CivicHub.Core.Chat;

/// <summary>One stretch of a chat session that an agent (or, later, a bot) answers: waiting, taken, closed.</summary>
public sealed class ChatConversation
{
    public Guid Id { get; set; }

    public Guid SessionId { get; set; }

    public Guid CitizenId { get; set; }

    /// <summary>The case intake threaded the first message onto.</summary>
    public Guid? CaseId { get; set; }

    /// <summary>The queue it waits in: the page's department, else the case's.</summary>
    public int DepartmentId { get; set; }

    public ChatConversationStatus Status { get; set; }

    /// <summary>The member of staff who took it; only they may answer it.</summary>
    public Guid? AgentId { get; set; }

    public string? AgentName { get; set; }

    /// <summary>The start of the visitor's latest message, for the waiting list.</summary>
    public required string Preview { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime LastMessageAt { get; set; }

    public DateTime? TakenAt { get; set; }

    public DateTime? ClosedAt { get; set; }
}
