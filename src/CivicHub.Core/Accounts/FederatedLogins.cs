using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Accounts;

/// <summary>
/// Signs citizens in with a state login (an outside OpenID Connect provider) and keeps the links between those logins
/// and portal accounts. An email claim alone never links to an existing account: the provider must have verified it
/// and the citizen must then enter that account's password once.
/// </summary>
public sealed class FederatedLogins(CivicHubDb db, CitizenAccounts accounts, TimeProvider time)
{
    /// <summary>A linked login as the account page lists it.</summary>
    public sealed record Linked(Guid Id, string Issuer, DateTime LinkedAt, DateTime? LastSignInAt);

    /// <summary>Decides what a validated state login does; linkingAccountId is set when a signed-in citizen asked to link.</summary>
    public async Task<Outcome<FederatedSignIn>> SignInAsync(ExternalLogin login, Guid? linkingAccountId, string preferredLanguage, string verifyLink, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var existing = await db.FederatedLogins.FirstOrDefaultAsync(l => l.Issuer == login.Issuer && l.Subject == login.Subject, cancellationToken);
        if (existing is not null)
        {
            if (linkingAccountId is not null && linkingAccountId != existing.AccountId)
            {
                return Conflict("login", "This state login is already linked to another portal account.");
            }

            existing.LastSignInAt = now;
            await db.SaveChangesAsync(cancellationToken);
            var citizen = await accounts.CurrentAsync(existing.AccountId, cancellationToken);
            if (citizen is null)
            {
                return OutcomeProblem.NotFound("The portal account of this state login no longer exists.");
            }

            return new FederatedSignIn(linkingAccountId is null ? FederatedSignIn.Step.SignedIn : FederatedSignIn.Step.Linked, citizen, null);
        }

        if (linkingAccountId is { } accountId)
        {
            var citizen = await accounts.CurrentAsync(accountId, cancellationToken);
            if (citizen is null)
            {
                return OutcomeProblem.NotFound("Sign in to the portal again before linking a state login.");
            }

            db.FederatedLogins.Add(NewLink(login, accountId, now));
            await db.SaveChangesAsync(cancellationToken);
            return new FederatedSignIn(FederatedSignIn.Step.Linked, citizen, null);
        }

        var (email, _) = IdentityNormalizer.NormalizeEmail(login.Email ?? string.Empty);
        if (login.EmailVerified && email is not null && await db.CitizenAccounts.AnyAsync(a => a.Email == email, cancellationToken))
        {
            return new FederatedSignIn(FederatedSignIn.Step.PasswordNeeded, null, email);
        }

        var created = await accounts.SignUpFederatedAsync(login, preferredLanguage, verifyLink, cancellationToken);
        return created.Succeeded ? new FederatedSignIn(FederatedSignIn.Step.SignedIn, created.Value, null) : created.Problem!;
    }

    /// <summary>
    /// Links a state login to the account its verified email names, once the citizen proved they hold that account by
    /// its password (with the sign-in's lockout), and signs them in.
    /// </summary>
    public async Task<Outcome<SignedInCitizen>> LinkWithPasswordAsync(ExternalLogin login, string? password, CancellationToken cancellationToken)
    {
        if (!login.EmailVerified)
        {
            return OutcomeProblem.Invalid("password", "The state login did not verify this email address.");
        }

        var signedIn = await accounts.SignInAsync(login.Email, password, cancellationToken);
        if (!signedIn.Succeeded)
        {
            // The email is the provider's, not typed: only the password can be wrong, unless the account is locked.
            var message = signedIn.Problem!.Errors?.Values.SelectMany(e => e).FirstOrDefault();
            return OutcomeProblem.Invalid("password", message is null || message.StartsWith("The email or password", StringComparison.Ordinal) ? "The password is not right." : message);
        }

        if (!await db.FederatedLogins.AnyAsync(l => l.Issuer == login.Issuer && l.Subject == login.Subject, cancellationToken))
        {
            db.FederatedLogins.Add(NewLink(login, signedIn.Value!.AccountId, time.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(cancellationToken);
        }

        return signedIn.Value!;
    }

    public async Task<IReadOnlyList<Linked>> ListAsync(Guid accountId, CancellationToken cancellationToken) =>
        await db.FederatedLogins.AsNoTracking().Where(l => l.AccountId == accountId).OrderBy(l => l.LinkedAt)
            .Select(l => new Linked(l.Id, l.Issuer, l.LinkedAt, l.LastSignInAt)).ToListAsync(cancellationToken);

    /// <summary>Whether the account can still be signed in to without its state logins.</summary>
    public Task<bool> HasPasswordAsync(Guid accountId, CancellationToken cancellationToken) =>
        db.CitizenAccounts.AnyAsync(a => a.Id == accountId && a.PasswordHash != string.Empty, cancellationToken);

    /// <summary>Removes a link, but never the last way into an account: without a password the citizen keeps it.</summary>
    public async Task<Outcome<bool>> UnlinkAsync(Guid accountId, Guid loginId, CancellationToken cancellationToken)
    {
        var link = await db.FederatedLogins.FirstOrDefaultAsync(l => l.Id == loginId && l.AccountId == accountId, cancellationToken);
        if (link is null)
        {
            return OutcomeProblem.NotFound("There is no such linked login on this account.");
        }

        if (!await HasPasswordAsync(accountId, cancellationToken))
        {
            return OutcomeProblem.Conflict("This account has no password: unlinking its state login would lock you out.");
        }

        db.FederatedLogins.Remove(link);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>A conflict naming what conflicts ("login" or "email"), so the page can say which.</summary>
    public static OutcomeProblem Conflict(string field, string detail) =>
        new(ProblemKind.Conflict, detail, new Dictionary<string, string[]> { [field] = [detail] });

    private static FederatedLogin NewLink(ExternalLogin login, Guid accountId, DateTime now) =>
        new() { Id = Guid.CreateVersion7(), Issuer = login.Issuer, Subject = login.Subject, AccountId = accountId, LinkedAt = now, LastSignInAt = now };
}
