namespace CivicHub.Core.Outcomes;

/// <summary>The result of a use case: a value, or the expected reason there is none.</summary>
public sealed class Outcome<T>
{
    private Outcome(T? value, OutcomeProblem? problem)
    {
        Value = value;
        Problem = problem;
    }

    public T? Value { get; }

    public OutcomeProblem? Problem { get; }

    public bool Succeeded => Problem is null;

    public static Outcome<T> Ok(T value) => new(value, null);

    public static Outcome<T> Fail(OutcomeProblem problem) => new(default, problem);

    public static implicit operator Outcome<T>(OutcomeProblem problem) => Fail(problem);

    public static implicit operator Outcome<T>(T value) => Ok(value);
}
