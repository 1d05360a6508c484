using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CivicHub.Core.Access;
using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Accounts;

/// <summary>
/// Whether the portal sign-in an access token came from still stands: a password reset or signing out everywhere
/// replaces the account's session stamp (<see cref="CitizenAccount.SessionStamp"/>), and a token whose digest of the
/// stamp no longer matches is refused, within <see cref="StandingOptions.CitizenRecheckInterval"/> on every host instead
/// of at the end of the token's hour. The stamp is read from the database at most once per interval per account; the
/// host where the citizen made the change forgets what it knew at once (<see cref="Forget"/>).
/// </summary>
public sealed class CitizenSignInStanding(TimeProvider time, IOptions<StandingOptions> options)
{
    /// <summary>The claim a citizen's access token names its portal account by.</summary>
    public const string AccountClaim = "civichub_account";

    /// <summary>The claim a citizen's access token carries the digest of its session stamp in (<see cref="DigestOf"/>).</summary>
    public const string SessionDigestClaim = "civichub_session_digest";

    // The digest of the account's current stamp; null when the account is gone.
    private readonly RecheckedMemory<Guid, string?> _known = new(time, () => options.Value.CitizenRecheckInterval);

    /// <summary>
    /// What an access token carries of the stamp: a digest, because access tokens are signed, not encrypted, and the
    /// applications that hold them can read them; the stamp itself stays in the server's own encrypted tokens and cookies.
    /// </summary>
    public static string DigestOf(string sessionStamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionStamp);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("civichub-session:" + sessionStamp));
        return Base64Url.EncodeToString(hash.AsSpan(0, 16));
    }

    /// <summary>
    /// Does the account's sign-in with this digest still stand? From memory when this process read the account within
    /// the recheck interval, else from the database, with a context from <paramref name="services"/> (the request's),
    /// resolved only then. No digest stands for nothing.
    /// </summary>
    public async ValueTask<bool> StandsAsync(Guid accountId, string? digest, IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (string.IsNullOrEmpty(digest))
        {
            return false;
        }

        if (!_known.TryRecall(accountId, out var current))
        {
            var readAt = _known.Now();
            var stamp = await services.GetRequiredService<CivicHubDb>().CitizenAccounts.AsNoTracking()
                .Where(a => a.Id == accountId)
                .Select(a => a.SessionStamp)
                .FirstOrDefaultAsync(cancellationToken);
            current = string.IsNullOrEmpty(stamp) ? null : DigestOf(stamp);
            _known.Remember(accountId, current, readAt);
        }

        return current is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(current), Encoding.ASCII.GetBytes(digest));
    }

    /// <summary>
    /// As <see cref="StandsAsync(Guid, string?, IServiceProvider, CancellationToken)"/>, for the sign-in a citizen's
    /// access token names by <see cref="AccountClaim"/> and <see cref="SessionDigestClaim"/>; a token naming none (from
    /// before tokens carried them) stands for no sign-in.
    /// </summary>
    public ValueTask<bool> StandsAsync(ClaimsPrincipal citizen, IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(citizen);
        return Guid.TryParse(citizen.FindFirstValue(AccountClaim), out var accountId)
            ? StandsAsync(accountId, citizen.FindFirstValue(SessionDigestClaim), services, cancellationToken)
            : ValueTask.FromResult(false);
    }

    /// <summary>Drops what this process knew of the account, after its stamp changed here.</summary>
    public void Forget(Guid accountId) => _known.Forget(accountId);
}
