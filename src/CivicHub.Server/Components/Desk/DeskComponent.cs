using System.Security.Claims;
using CivicHub.Core.Access;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Privacy;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Core.Staff;
using CivicHub.Server.Api.Audit;
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
    // Set once this page found its member no longer in their role.
    private bool _ended;

    [Inject]
    protected IServiceScopeFactory Scopes { get; set; } = default!;

    [Inject]
    private DeskConnection Connection { get; set; } = default!;

    [Inject]
    private StaffStanding Standing { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>
    /// Who acts, as the API would see them with a token. A circuit keeps the sign-in it started with for hours, so a
    /// member deactivated or given another role since (<see cref="StaffStanding"/>: at once on this host, within a
    /// minute on others) acts for nobody from then on, and the browser is sent to sign in again.
    /// </summary>
    protected async Task<Actor> ActorAsync()
    {
        await using var scope = Scopes.CreateAsyncScope();
        return await ActorAsync(await UserAsync(), scope.ServiceProvider);
    }

    /// <summary>Who acts, asking their standing with the action's own scope (one scope and one read of the sign-in per action).</summary>
    private async Task<Actor> ActorAsync(ClaimsPrincipal user, IServiceProvider services)
    {
        var actor = AuthenticationState is null ? Actor.Anonymous : user.ToActor();
        if (await Standing.HoldsAsync(actor, services, CancellationToken.None))
        {
            return actor;
        }

        _ended = true;
        Navigation.NavigateTo(DeskAuth.SessionEndedPath, forceLoad: true);
        return Actor.Anonymous;
    }

    /// <summary>
    /// Runs one use case in a scope of its own as the signed-in member of staff: it reads only what they may see, and
    /// the audit log records what it changes as theirs, from the circuit's address.
    /// </summary>
    protected async Task<T> RunAsync<TService, T>(Func<TService, Task<T>> work)
        where TService : notnull
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = Scopes.CreateAsyncScope();
        var (actor, access) = await ActAsync(scope);
        using (AuditScope.Begin(actor, cancellationToken => AuditSources.FromAsync(actor, access, null, Connection.RemoteAddress, Connection.UserAgent, cancellationToken)))
        {
            return await work(scope.ServiceProvider.GetRequiredService<TService>());
        }
    }

    /// <summary>Records that the member of staff opened (part of) a citizen's record on this page, with the ground they may.</summary>
    protected Task RecordReadAsync(Guid? citizenId, string recordKind, string recordId, string? purpose = null) =>
        RecordAsync(purpose, (trail, source) => trail.RecordReadAsync(source, citizenId, recordKind, recordId, CancellationToken.None));

    /// <summary>Records that the member of staff opened a case on this page, with the decision that lets them see it.</summary>
    protected Task RecordCaseReadAsync(string reference, string recordKind, string? purpose = null) =>
        RecordAsync(purpose, (trail, source) => trail.RecordCaseReadAsync(source, reference, recordKind, CancellationToken.None));

    /// <summary>Records that this page showed several citizens' records side by side (one entry each).</summary>
    protected Task RecordReadsAsync(IReadOnlyCollection<Guid> citizenIds, string recordKind, string recordId) =>
        RecordAsync(null, (trail, source) => trail.RecordReadsAsync(source, citizenIds, recordKind, recordId, CancellationToken.None));

    /// <summary>
    /// Records the citizens a live list shows that it had not shown before on this page (one entry naming them), so
    /// refreshes do not swamp the log.
    /// </summary>
    protected async Task RecordListAsync(ShownCitizens shown, string listKind, IEnumerable<Guid> citizenIds)
    {
        ArgumentNullException.ThrowIfNull(shown);
        var newly = shown.Newly(citizenIds);
        if (newly.Count == 0)
        {
            return;
        }

        try
        {
            await RecordAsync(null, (trail, source) => trail.RecordListAsync(source, listKind, newly, CancellationToken.None));
        }
        catch
        {
            shown.Forget(newly);
            throw;
        }
    }

    /// <summary>Records one search and the citizens it showed.</summary>
    protected Task RecordSearchAsync(IEnumerable<Guid> citizenIds) =>
        RecordAsync(null, (trail, source) => trail.RecordSearchAsync(source, citizenIds, CancellationToken.None));

    /// <summary>Records in a scope of its own acting as the signed-in member of staff, so the ground of a read is theirs.</summary>
    private async Task RecordAsync(string? purpose, Func<AuditTrail, AuditSource, Task> record)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var source = await AuditSourceAsync(scope, purpose);
        await record(scope.ServiceProvider.GetRequiredService<AuditTrail>(), source);
    }

    /// <summary>Makes the scope's <see cref="RecordAccess"/> act as the signed-in user; returns who the log names.</summary>
    private async Task<(Actor Actor, RecordAccess Access)> ActAsync(AsyncServiceScope scope)
    {
        var user = await UserAsync();
        var access = scope.ServiceProvider.GetRequiredService<RecordAccess>();
        var acting = await ActorAsync(user, scope.ServiceProvider);
        if (_ended)
        {
            // No use case runs once the member is out of their role, not even as nobody; the browser is on its way to
            // sign in again. Blazor lets a cancelled task end an action or a page's loading without an error.
            throw new OperationCanceledException("The member of staff is no longer active in the role they signed in with.");
        }

        access.ActAs(acting);
        return (AuditSources.ActorOf(user), access);
    }

    private async Task<ClaimsPrincipal> UserAsync() => AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;

    private async Task<AuditSource> AuditSourceAsync(AsyncServiceScope scope, string? purpose)
    {
        var (actor, access) = await ActAsync(scope);
        return await AuditSources.FromAsync(actor, access, purpose, Connection.RemoteAddress, Connection.UserAgent, CancellationToken.None);
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
