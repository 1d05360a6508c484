using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CivicHub.Core.Data;

/// <summary>All times are UTC; SQLite forgets the kind, so it is put back on the way out.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => ToUtc(v),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc))
{
    /// <summary>The time as UTC, marked so: for the converter, and for statements that read times without EF Core.</summary>
    public static DateTime ToUtc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Utc);
}
