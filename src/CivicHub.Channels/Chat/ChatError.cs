using CivicHub.Core.Outcomes;

namespace CivicHub.Channels.Chat;

/// <summary>
/// Why a hub call was refused, shaped like RFC 9457 problem details: a stable <see cref="Code"/> to branch on, words
/// for people, and for invalid input the fields at fault.
/// </summary>
public sealed record ChatError(string Code, string Title, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static ChatError NotStarted { get; } = new("not_started", "No chat session", "Call Start first.");

    public static ChatError RateLimited { get; } = new("rate_limited", "Too many requests", "Please wait a moment before sending more.");

    public static ChatError Unavailable { get; } = new("unavailable", "Chat unavailable", "Something went wrong on our side. Please try again.");

    public static ChatError From(OutcomeProblem problem) => problem.Kind switch
    {
        ProblemKind.Invalid => new("invalid", "One or more fields are not valid.", problem.Detail, problem.Errors),
        ProblemKind.NotFound => new("not_found", "Not found", problem.Detail),
        ProblemKind.Conflict when ReferenceEquals(problem, ChatTranscripts.TooMany) => new("rate_limited", "Too many requests", problem.Detail),
        ProblemKind.Conflict => new("conflict", "Conflict", problem.Detail),
        ProblemKind.Forbidden => new("forbidden", "Forbidden", problem.Detail),
        _ => new("invalid", "Bad request", problem.Detail),
    };
}
