using CivicHub.Core.Access;
using CivicHub.Core.Catalog;
using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Webhooks;

/// <summary>Integrations subscribe to events, list and remove their subscriptions, read the delivery log and retry failures.</summary>
public sealed class ManageWebhooks(CivicHubDb db, TimeProvider time, IOptions<WebhookOptions> options, CatalogSnapshot catalog)
{
    /// <summary>The event types CivicHub publishes; subscriptions may name these or a "prefix.*" of them.</summary>
    public static readonly IReadOnlyList<string> EventTypes =
    [
        "case.created", "case.status_changed", "case.assigned", "case.note_added", "case.priority_changed",
        "interaction.recorded", "citizen.created", "citizen.merged", "citizen.merge_undone",
        "draft.started", "draft.submitted",
    ];

    public sealed record CreateRequest(string? Url, List<string>? Events, string? Description);

    public sealed record SubscriptionView(Guid Id, string Url, IReadOnlyList<string> Events, string? Description, bool Active, string? DisabledReason, DateTime CreatedAt);

    public sealed record Created(SubscriptionView Subscription, string Secret);

    public sealed record DeliveryView(long Id, long EventId, string EventType, DeliveryStatus Status, int Attempts, DateTime? LastAttemptAt, int? LastStatusCode, string? LastError, DateTime NextAttemptAt, DateTime? DeliveredAt);

    public async Task<Outcome<Created>> CreateAsync(CreateRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Text("url", request.Url, 2_000).Text("description", request.Description, 500, required: false);
        if (request.Url is { Length: <= 2_000 } url && !IsAllowedUrl(url))
        {
            errors.Add("url", options.Value.AllowHttp ? "Must be an absolute http or https URL." : "Must be an absolute https URL.");
        }

        var events = request.Events ?? [];
        if (events.Count is 0 or > 50)
        {
            errors.Add("events", "Name between 1 and 50 event types, such as \"case.*\".");
        }

        for (var i = 0; i < events.Count; i++)
        {
            if (!IsKnownPattern(events[i]))
            {
                errors.Add($"events[{i}]", $"Not an event type: use one of {string.Join(", ", EventTypes)}, a prefix such as \"case.*\", or \"*\".");
            }
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(),
            ClientId = actor.Id,
            DepartmentId = (await catalog.GetAsync(cancellationToken)).DepartmentByCode(actor.Department)?.Id,
            Url = request.Url!.Trim(),
            EventTypes = events.Distinct().ToList(),
            Secret = WebhookSigner.NewSecret(),
            Description = request.Description?.Trim(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return new Created(View(subscription), subscription.Secret);
    }

    public async Task<IReadOnlyList<SubscriptionView>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        var all = IsAdministrator(actor);
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking()
            .Where(s => all || s.ClientId == actor.Id).OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        return subscriptions.Select(View).ToList();
    }

    public async Task<Outcome<SubscriptionView>> DeleteAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var subscription = await FindAsync(id, actor, cancellationToken);
        if (subscription is null)
        {
            return OutcomeProblem.NotFound("No subscription of yours has that id.");
        }

        db.WebhookSubscriptions.Remove(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return View(subscription);
    }

    public async Task<Outcome<IReadOnlyList<DeliveryView>>> DeliveriesAsync(Guid id, DeliveryStatus? status, Actor actor, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, actor, cancellationToken) is null)
        {
            return OutcomeProblem.NotFound("No subscription of yours has that id.");
        }

        return await db.WebhookDeliveries.Where(d => d.SubscriptionId == id && (status == null || d.Status == status))
            .OrderByDescending(d => d.Id).Take(200)
            .Join(db.Events, d => d.EventId, e => e.Id, (d, e) => new DeliveryView(
                d.Id, d.EventId, e.Type, d.Status, d.Attempts, d.LastAttemptAt, d.LastStatusCode, d.LastError, d.NextAttemptAt, d.DeliveredAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Puts failed deliveries back in the queue, for instance after the receiver is fixed.</summary>
    public async Task<Outcome<int>> RetryFailedAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var subscription = await FindAsync(id, actor, cancellationToken);
        if (subscription is null)
        {
            return OutcomeProblem.NotFound("No subscription of yours has that id.");
        }

        subscription.Active = true;
        subscription.DisabledReason = null;
        await db.SaveChangesAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        return await db.WebhookDeliveries.Where(d => d.SubscriptionId == id && d.Status == DeliveryStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Pending).SetProperty(d => d.NextAttemptAt, now).SetProperty(d => d.Attempts, 0), cancellationToken);
    }

    private async Task<WebhookSubscription?> FindAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var all = IsAdministrator(actor);
        return await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id && (all || s.ClientId == actor.Id), cancellationToken);
    }

    private static bool IsAdministrator(Actor actor) => actor.IsStaff(StaffRole.Administrator);

    private bool IsAllowedUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (options.Value.AllowHttp && uri.Scheme == Uri.UriSchemeHttp))
        && string.IsNullOrEmpty(uri.UserInfo);

    private static bool IsKnownPattern(string pattern) =>
        pattern == "*"
        || EventTypes.Contains(pattern)
        || (pattern.EndsWith(".*", StringComparison.Ordinal) && EventTypes.Any(t => t.StartsWith(pattern[..^1], StringComparison.Ordinal)));

    private static SubscriptionView View(WebhookSubscription s) => new(s.Id, s.Url, s.EventTypes, s.Description, s.Active, s.DisabledReason, s.CreatedAt);
}
