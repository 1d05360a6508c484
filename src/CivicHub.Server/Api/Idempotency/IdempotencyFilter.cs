using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CivicHub.Core.Data;
using CivicHub.Core.Idempotency;
using CivicHub.Server.Api.Problems;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Api.Idempotency;

/// <summary>
/// Makes a POST that creates something safe to retry: with an Idempotency-Key header, the first successful answer
/// is stored in the same transaction as what it created, and a retry with the same key and body gets that answer
/// back (with Idempotent-Replayed: true) instead of creating again. The same key with a different body is refused.
/// </summary>
public sealed class IdempotencyFilter(CivicHubDb db, TimeProvider time, IOptions<JsonOptions> json) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 200;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key))
        {
            return await next(context);
        }

        if (key.Length > MaxKeyLength || key.Any(char.IsControl))
        {
            return OutcomeHttp.Invalid(new Dictionary<string, string[]> { [Header] = [$"Must be at most {MaxKeyLength} printable characters."] });
        }

        var caller = http.User.ToActor().ToString();
        var fingerprint = await FingerprintAsync(http.Request);
        var existing = await FindAsync(caller, key, http.RequestAborted);
        if (existing is not null)
        {
            return Replay(existing, fingerprint);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
        var result = await next(context);
        var inner = result is INestedHttpResult nested ? nested.Result : result as IResult;
        var status = (inner as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        if (status is < 200 or >= 300)
        {
            await transaction.RollbackAsync(http.RequestAborted);
            return result;
        }

        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            Caller = caller,
            Key = key,
            RequestFingerprint = fingerprint,
            StatusCode = status,
            Location = inner?.GetType().GetProperty("Location")?.GetValue(inner) as string,
            ResponseBody = inner is IValueHttpResult { Value: { } value } ? JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions) : null,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
            await transaction.CommitAsync(http.RequestAborted);
            return result;
        }
        catch (DbUpdateException)
        {
            // The same request raced in on another connection and committed first: undo ours, answer with theirs.
            await transaction.RollbackAsync(http.RequestAborted);
            db.ChangeTracker.Clear();
            var winner = await FindAsync(caller, key, http.RequestAborted);
            return winner is null ? throw new InvalidOperationException("Idempotency record vanished after a conflict.") : Replay(winner, fingerprint);
        }
    }

    private Task<IdempotencyRecord?> FindAsync(string caller, string key, CancellationToken cancellationToken) =>
        db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Caller == caller && r.Key == key, cancellationToken);

    private static IResult Replay(IdempotencyRecord record, string fingerprint)
    {
        if (record.RequestFingerprint != fingerprint)
        {
            return OutcomeHttp.Problem(
                StatusCodes.Status422UnprocessableEntity,
                "Idempotency-Key reused",
                "This Idempotency-Key was already used for a different request; use a new key for a new request.");
        }

        return new ReplayResult(record);
    }

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
            {
                sha.AppendData(buffer, 0, read);
            }
        }

        return $"{request.Method} {request.Path} {Convert.ToHexString(sha.GetHashAndReset())}";
    }

    private sealed class ReplayResult(IdempotencyRecord record) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = record.StatusCode;
            httpContext.Response.Headers[ReplayedHeader] = "true";
            if (record.Location is not null)
            {
                httpContext.Response.Headers.Location = record.Location;
            }

            if (record.ResponseBody is not null)
            {
                httpContext.Response.ContentType = "application/json; charset=utf-8";
                await httpContext.Response.WriteAsync(record.ResponseBody);
            }
        }
    }
}
