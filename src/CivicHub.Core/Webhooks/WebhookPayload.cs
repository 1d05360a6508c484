using System.Text.Json;
using CivicHub.Core.Events;

namespace CivicHub.Core.Webhooks;

/// <summary>What a receiver gets: the event, by id and type, with the ids to fetch details through the API.</summary>
public sealed record WebhookPayload(long Id, string Type, DateTime OccurredAt, string? CaseReference, Guid? CitizenId, JsonElement Data)
{
    public static WebhookPayload From(DomainEvent @event) =>
        new(@event.Id, @event.Type, @event.OccurredAt, @event.CaseReference, @event.CitizenId, JsonDocument.Parse(@event.Payload).RootElement.Clone());
}
