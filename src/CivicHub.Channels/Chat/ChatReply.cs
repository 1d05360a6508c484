using CivicHub.Core.Outcomes;

namespace CivicHub.Channels.Chat;

/// <summary>What every chat hub method answers: ok with a value, or not ok with an error. A refusal is never an exception.</summary>
public sealed record ChatReply<T>(bool Ok, T? Value, ChatError? Error)
{
    public static ChatReply<T> Success(T value) => new(true, value, null);

    public static ChatReply<T> Failure(ChatError error) => new(false, default, error);

    public static ChatReply<T> From(Outcome<T> outcome) =>
        outcome.Succeeded ? Success(outcome.Value!) : Failure(ChatError.From(outcome.Problem!));
}
