using System.Security.Cryptography;
using System.Text;
using CivicHub.Core.Access;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Staff;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Open311;

/// <summary>Administrators issue, list and revoke Open311 API keys; Open311 checks the key a client sends.</summary>
public sealed class ApiKeys(CivicHubDb db, TimeProvider time)
{
    public const int MaxNameLength = 200;
    public const string DemoKeyName = "Demo 311 app";

    public sealed record CreateRequest(string? Name, Channel? Channel);

    /// <summary>A key as administrators see it: never the key itself, which is shown once when created.</summary>
    public sealed record View(Guid Id, string Name, Channel Channel, DateTime CreatedAt, DateTime? RevokedAt);

    public sealed record Created(View Key, string ApiKey);

    public async Task<Outcome<Created>> CreateAsync(CreateRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.IsStaff(StaffRole.Administrator))
        {
            return OutcomeProblem.Forbidden("Only an administrator may issue Open311 API keys.");
        }

        var errors = new ValidationErrors().Text("name", request.Name, MaxNameLength);
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var secret = NewSecret();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name!.Trim(),
            KeyHash = Hash(secret),
            Channel = request.Channel ?? Channel.Mobile,
            CreatedBy = actor.ToString(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new Created(ToView(key), secret);
    }

    public async Task<Outcome<IReadOnlyList<View>>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.IsStaff(StaffRole.Administrator))
        {
            return OutcomeProblem.Forbidden("Only an administrator may see Open311 API keys.");
        }

        var keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt)
            .Select(k => new View(k.Id, k.Name, k.Channel, k.CreatedAt, k.RevokedAt))
            .ToListAsync(cancellationToken);
        return keys;
    }

    public async Task<Outcome<View>> RevokeAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.IsStaff(StaffRole.Administrator))
        {
            return OutcomeProblem.Forbidden("Only an administrator may revoke Open311 API keys.");
        }

        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
        {
            return OutcomeProblem.NotFound("No Open311 API key has that id.");
        }

        // Revoking twice keeps the first time: it is when the key stopped working.
        if (key.RevokedAt is null)
        {
            key.RevokedAt = time.GetUtcNow().UtcDateTime;
            key.RevokedBy = actor.ToString();
            await db.SaveChangesAsync(cancellationToken);
        }

        return ToView(key);
    }

    /// <summary>The active key matching what a client sent, or null.</summary>
    public async Task<ApiKey?> FindActiveAsync(string? secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length > 200)
        {
            return null;
        }

        // Looking up by hash compares digests, not secrets, so timing reveals nothing about a valid key.
        var hash = Hash(secret.Trim());
        return await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, cancellationToken);
    }

    /// <summary>Makes the demo's key work with the given secret: the printed or configured key must always be valid.</summary>
    public async Task EnsureDemoKeyAsync(string secret, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Name == DemoKeyName && k.CreatedBy == "system" && k.RevokedAt == null, cancellationToken);
        if (key is null)
        {
            key = new ApiKey
            {
                Id = Guid.CreateVersion7(),
                Name = DemoKeyName,
                KeyHash = "",
                CreatedBy = "system",
                CreatedAt = time.GetUtcNow().UtcDateTime,
            };
            db.ApiKeys.Add(key);
        }

        key.KeyHash = Hash(secret);
        await db.SaveChangesAsync(cancellationToken);
    }

    public static string NewSecret() => "o311_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static View ToView(ApiKey key) => new(key.Id, key.Name, key.Channel, key.CreatedAt, key.RevokedAt);
}
