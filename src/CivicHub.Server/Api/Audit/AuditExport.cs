using System.Globalization;
using System.Text;
using System.Text.Json;
using CivicHub.Core.Privacy.Audit;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Api.Audit;

/// <summary>Writes audit entries to the response as they are read, as CSV (RFC 4180) or JSON Lines.</summary>
public static class AuditExport
{
    private static readonly string[] Columns =
    [
        "id", "occurred_at", "actor_kind", "actor_id", "actor_name", "actor_role", "actor_departments", "action", "record_kind",
        "record_id", "citizen_id", "purpose", "caller_purpose", "agreement_id", "agreement_name", "legal_basis", "remote_address", "user_agent", "sequence", "previous_hash", "hash",
    ];

    public static async Task WriteAsync(HttpContext http, string format, IAsyncEnumerable<AuditEntryView> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(entries);
        var csv = format == "csv";
        http.Response.ContentType = csv ? "text/csv; charset=utf-8" : "application/jsonl; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"audit.{format}\"";
        http.Response.Headers.CacheControl = "private, no-store";
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        if (csv)
        {
            await writer.WriteLineAsync(string.Join(',', Columns));
        }

        var written = 0;
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(csv ? CsvLine(entry) : JsonSerializer.Serialize(entry, json));
            // Flushing every few hundred lines keeps memory flat however large the export.
            if (++written % 500 == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    private static string CsvLine(AuditEntryView e) => string.Join(',', new[]
    {
        e.Id.ToString(CultureInfo.InvariantCulture),
        e.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
        Snake(e.ActorKind.ToString()),
        e.ActorId,
        e.ActorName,
        e.ActorRole,
        string.Join(' ', e.ActorDepartments),
        Snake(e.Action.ToString()),
        e.RecordKind,
        e.RecordId,
        e.CitizenId?.ToString("D"),
        e.Purpose,
        e.CallerPurpose,
        e.AgreementId?.ToString("D"),
        e.AgreementName,
        e.LegalBasis,
        e.RemoteAddress,
        e.UserAgent,
        e.Sequence?.ToString(CultureInfo.InvariantCulture),
        e.PreviousHash,
        e.Hash,
    }.Select(Field));

    private static string Snake(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    /// <summary>Quotes a field that needs it, and defuses one a spreadsheet would run as a formula.</summary>
    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
