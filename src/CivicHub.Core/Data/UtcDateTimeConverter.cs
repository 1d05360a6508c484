using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CivicHub.Core.Data;

/// <summary>All times are UTC; SQLite forgets the kind, so it is put back on the way out.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
