using CivicHub.Core.Chat;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CivicHub.Channels.Chat;

/// <summary>
/// Delivers an outbox message (a status answer, a notification) to a chat session: live to every tab the visitor has
/// open, and in the history shown when they come back. A live session counts as sent whether or not a tab is open
/// right now ("stored for the session"); an unknown or expired session is refused, so outreach falls back to the
/// citizen's next channel.
/// </summary>
public sealed class ChatSender(IServiceScopeFactory scopes, IHubContext<ChatHub> visitors, IOptions<ChatOptions> options, TimeProvider time) : IChannelSender
{
    public Channel Channel => Channel.Chat;

    public async Task<SendResult> SendAsync(ChannelSend message, CancellationToken cancellationToken)
    {
        if (!message.Recipient.StartsWith(ChatSession.IdentityPrefix, StringComparison.Ordinal)
            || !Guid.TryParseExact(message.Recipient[ChatSession.IdentityPrefix.Length..], "N", out var sessionId))
        {
            return SendResult.Rejected("Not a chat session (expected chat:{session}).");
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CivicHubDb>();
        if (!await db.ChatSessions.Where(ChatSessions.Live(time, options.Value)).AnyAsync(s => s.Id == sessionId, cancellationToken))
        {
            return SendResult.Rejected("The chat session has ended.");
        }

        var live = new ChatMessage($"o{message.MessageId:N}", ChatAuthor.System, options.Value.OrganisationName, message.Body, time.GetUtcNow().UtcDateTime);
        await visitors.Clients.Group(ChatGroups.Session(sessionId)).SendAsync(ChatEvents.Message, live, cancellationToken);
        return SendResult.Sent($"chat:{message.MessageId:N}");
    }
}
