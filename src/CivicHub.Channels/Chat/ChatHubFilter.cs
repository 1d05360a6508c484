using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CivicHub.Channels.Chat;

/// <summary>
/// Guards both chat hubs: limits how often a visitor's connection may call, and turns an unexpected failure into the
/// "unavailable" error reply instead of a broken call, with the details in the log only.
/// </summary>
internal sealed partial class ChatHubFilter(IOptions<ChatOptions> options, TimeProvider time, ILogger<ChatHubFilter> logger) : IHubFilter
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
            return await next(invocation);
        }
        catch (Exception exception) when (returnsReply && exception is not OperationCanceledException)
        {
            LogFailed(logger, exception, invocation.Hub.GetType().Name, invocation.HubMethodName);
            return Failure(invocation, ChatError.Unavailable);
        }
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Chat hub call {Hub}.{Method} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string hub, string method);
}
