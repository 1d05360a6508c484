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

    public static void Record(this CivicHubDb db, string type, Guid citizenId, Guid caseId, string caseReference, DateTime at, object? data = null) =>
        db.Events.Add(New(type, citizenId, caseId, caseReference, at, data));

    /// <summary>A case's event, in no unit of work yet.</summary>
    public static DomainEvent New(string type, Case @case, DateTime at, object? data = null) => New(type, @case.CitizenId, @case.Id, @case.Reference, at, data);

    private static DomainEvent New(string type, Guid citizenId, Guid caseId, string caseReference, DateTime at, object? data) => new()
    {
        Type = type,
        CitizenId = citizenId,
        CaseId = caseId,
        CaseReference = caseReference,
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
