using CivicHub.Channels.Chat;
using CivicHub.Server.Api.Problems;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicHub.Server.Api.Chat;

/// <summary>
/// Chat sessions opened for a citizen someone has already signed in (the portal, the state login service): the
/// widget resumes the session with the token, and the chat lands on that citizen's record.
/// </summary>
public static class ChatSessionEndpoints
{
    public sealed record Request(Guid? CitizenId, string? Department, string? Language);

    public sealed record Issued(string SessionToken, Guid CitizenId, DateTime ExpiresAt);

    public static void MapChatSessionEndpoints(this IEndpointRouteBuilder api) =>
        api.MapGroup("/chat").WithTags("Chat").RequireAuthorization(CivicClaims.StaffOrIntegrationPolicy)
            .MapPost("/sessions", IssueAsync)
            .WithSummary("Open a web chat session for a signed-in citizen")
            .WithDescription("Answers a session token to hand to the widget (data-session-token). Whoever holds it chats as that citizen: pass it only to the citizen's own browser.");

    private static async Task<Results<Created<Issued>, ProblemHttpResult>> IssueAsync(
        Request request, ChatSessions sessions, Microsoft.Extensions.Options.IOptions<ChatOptions> options, CancellationToken cancellationToken)
    {
        var issued = await sessions.IssueForCitizenAsync(request.CitizenId, request.Department, request.Language, cancellationToken);
        if (!issued.Succeeded)
        {
            return issued.Problem!.ToHttp();
        }

        var (session, token) = issued.Value;
        return TypedResults.Created((string?)null, new Issued(token, session.CitizenId!.Value, session.LastSeenAt + options.Value.SessionLifetime));
    }
}
