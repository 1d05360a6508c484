using System.Text.Json;
using CivicHub.Core.Cases;
using CivicHub.Core.Data;

namespace CivicHub.Core.Events;

/// <summary>Adds events to the outbox in the caller's unit of work, so they commit with the change they describe.</summary>
public static class EventLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Record(this CivicHubDb db, string type, Case @case, DateTime at, object? data = null) =>
        db.Events.Add(New(type, @case, at, data));

    /// <summary>A case's event, in no unit of work yet.</summary>
    public static DomainEvent New(string type, Case @case, DateTime at, object? data = null) => new()
    {
        Type = type,
        CitizenId = @case.CitizenId,
        CaseId = @case.Id,
        CaseReference = @case.Reference,
        OccurredAt = at,
        Payload = JsonSerializer.Serialize(data ?? new { }, Json),
    };

    public static void Record(this CivicHubDb db, string type, Guid citizenId, DateTime at, object? data = null) =>
        db.Events.Add(new DomainEvent
        {
            Type = type,
            CitizenId = citizenId,
            OccurredAt = at,
            Payload = JsonSerializer.Serialize(data ?? new { }, Json),
        });
}
