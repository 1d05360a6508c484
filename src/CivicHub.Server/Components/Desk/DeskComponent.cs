using CivicHub.Core.Access;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Privacy;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CivicHub.Server.Components.Desk;

/// <summary>
/// What every interactive desk and administration page shares: a fresh service scope (and so a fresh DbContext) for
/// each action, since a circuit lives for hours and must not hold one context's tracked entities that long; who is
/// acting; and how a problem from the Core reads on screen.
/// </summary>
public abstract class DeskComponent : ComponentBase
{
    [Inject]
    protected IServiceScopeFactory Scopes { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>Who acts, as the API would see them with a token.</summary>
    protected async Task<Actor> ActorAsync() =>
        AuthenticationState is null ? new Actor(ActorKind.Citizen, "anonymous", "anonymous") : (await AuthenticationState).User.ToActor();

    /// <summary>Runs one use case in a scope of its own, which reads only what the signed-in member of staff may see.</summary>
    protected async Task<T> RunAsync<TService, T>(Func<TService, Task<T>> work)
        where TService : notnull
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = Scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RecordAccess>().ActAs(await ActorAsync());
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>The words for a problem, with the "someone else changed it" case said plainly.</summary>
    protected static string Describe(OutcomeProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var fields = problem.Errors is null ? "" : " " + string.Join(" ", problem.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
        return problem.Kind == ProblemKind.Conflict
            ? $"Changed by someone else: {problem.Detail} Reload to see the latest."
            : (problem.Detail + fields).Trim();
    }
}
