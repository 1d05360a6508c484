namespace CivicHub.Core.Chat;

/// <summary>A chat waiting to be taken, as <see cref="WaitingChatAccess"/> decides about it: whose it is and the queue it waits in.</summary>
public sealed record WaitingChat(Guid ConversationId, Guid CitizenId, int DepartmentId);
