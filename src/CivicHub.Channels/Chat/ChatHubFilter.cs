using System.Security.Claims;
using CivicHub.Core.Access;
using CivicHub.Core.Staff;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CivicHub.Channels.Chat;

/// <summary>
/// Guards both chat hubs: limits how often a visitor's connection may call, ends an agent's connection once their
/// account is deactivated or their role changed (<see cref="StaffStanding"/>: the token was checked only when the
/// connection opened), and turns an unexpected failure into the "unavailable" error reply instead of a broken call,
/// with the details in the log only.
/// </summary>
internal sealed partial class ChatHubFilter(IOptions<ChatOptions> options, StaffStanding standing, TimeProvider time, ILogger<ChatHubFilter> logger) : IHubFilter
{
    private const string RateKey = "chat.rate";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var returnsReply = invocation.HubMethod.ReturnType.IsGenericType
            && invocation.HubMethod.ReturnType.GetGenericArguments()[0] is { IsGenericType: true } reply
            && reply.GetGenericTypeDefinition() == typeof(ChatReply<>);
        if (invocation.Hub is ChatHub && returnsReply && !RateOf(invocation.Context).TryCall())
        {
            return Failure(invocation, ChatError.RateLimited);
        }

        try
        {
            if (invocation.Hub is DeskChatHub && !await AgentStandsAsync(invocation))
            {
                // Closed without an answer, as SignalR closes a connection whose authentication has expired; connecting
                // again with the same token is refused.
                LogAgentEnded(logger, invocation.Context.ConnectionId);
                invocation.Context.Abort();
                return null;
            }

            return await next(invocation);
        }
        catch (Exception exception) when (returnsReply && exception is not OperationCanceledException)
        {
            LogFailed(logger, exception, invocation.Hub.GetType().Name, invocation.HubMethodName);
            return Failure(invocation, ChatError.Unavailable);
        }
    }

    // The desk hub's caller as a member of staff in the token's role (the hub's own actor leaves the role out).
    private ValueTask<bool> AgentStandsAsync(HubInvocationContext invocation)
    {
        var user = invocation.Context.User;
        var agent = new Actor(
            ActorKind.Staff,
            user?.FindFirstValue("sub") ?? "",
            user?.FindFirstValue("name") ?? "",
            Enum.TryParse<StaffRole>(user?.FindFirstValue("role"), ignoreCase: true, out var role) ? role : null);
        return standing.HoldsAsync(agent, invocation.ServiceProvider, invocation.Context.ConnectionAborted);
    }

    internal static ConnectionRateLimit RateOf(HubCallerContext context, IOptions<ChatOptions> options, TimeProvider time)
    {
        if (context.Items.TryGetValue(RateKey, out var existing) && existing is ConnectionRateLimit limit)
        {
            return limit;
        }

        limit = new ConnectionRateLimit(time, options.Value.CallsPerMinute);
        context.Items[RateKey] = limit;
        return limit;
    }

    private ConnectionRateLimit RateOf(HubCallerContext context) => RateOf(context, options, time);

    /// <summary>A failed ChatReply of the method's own value type, so typed clients can still read it.</summary>
    private static object Failure(HubInvocationContext invocation, ChatError error)
    {
        var replyType = invocation.HubMethod.ReturnType.GetGenericArguments()[0];
        return replyType.GetMethod(nameof(ChatReply<object>.Failure))!.Invoke(null, [error])!;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Desk chat connection {ConnectionId} ended: its member of staff is no longer active in the role it was opened with")]
    private static partial void LogAgentEnded(ILogger logger, string connectionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Chat hub call {Hub}.{Method} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string hub, string method);
}
