using System.Security.Cryptography;
using System.Text;
using CivicHub.Core.Access;
using CivicHub.Core.Citizens;
using CivicHub.Core.Citizens.Matching;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Outreach;
using CivicHub.Core.Passwords;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Accounts;

/// <summary>
/// Signs citizens up, in and through email verification. A new account gets a citizen record of its own; when the
/// verified email is one an existing citizen is known by, the new record is merged into that citizen, so the person
/// sees every case they ever had. Before verification nothing links, as anyone can type anyone's email.
/// </summary>
public sealed class CitizenAccounts(CivicHubDb db, MergeCitizens merges, PasswordRules passwords, CitizenSignInStanding signIns, TimeProvider time)
{
    /// <summary>Longer input is refused before hashing, whatever the rule for new passwords says.</summary>
    public const int MaxPasswordLength = 1024;
    public const int MaxFailedSignIns = 10;
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan VerificationLifetime = TimeSpan.FromDays(2);

    /// <summary>A reset link is short-lived: it replaces the password, so a leaked one must not stay useful.</summary>
    public static readonly TimeSpan ResetLifetime = TimeSpan.FromHours(1);

    /// <summary>The least time between two emails of one kind to one account, whoever asks and from wherever.</summary>
    public static readonly TimeSpan EmailInterval = TimeSpan.FromMinutes(1);

    private static readonly PasswordHasher<CitizenAccount> Hasher = new();

    /// <summary>VerifyLink is the address of the verification page; the link sent is it with "?token=" and the secret.</summary>
    public sealed record SignUpRequest(string? GivenName, string? FamilyName, string? Email, string? Password, string? PreferredLanguage, string VerifyLink);

    /// <summary>The new account and the secret of its verification link, which the caller sends and never stores.</summary>
    public sealed record SignedUp(SignedInCitizen Citizen, string VerificationToken);

    public async Task<Outcome<SignedUp>> SignUpAsync(SignUpRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Text("givenName", request.GivenName, 200).Text("familyName", request.FamilyName, 200);
        var (email, emailError) = IdentityNormalizer.NormalizeEmail(request.Email ?? string.Empty);
        if (string.IsNullOrWhiteSpace(request.Email))
        {
            errors.Add("email", "This field is required.");
        }
        else if (email is null)
        {
            errors.Add("email", emailError!);
        }

        passwords.Check(request.Password, errors, "password", request.Email, request.GivenName, request.FamilyName);
        var language = Languages.Validate(request.PreferredLanguage, errors, "preferredLanguage");
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        if (await db.CitizenAccounts.AnyAsync(a => a.Email == email, cancellationToken))
        {
            return OutcomeProblem.Invalid("email", "An account with this email already exists. Sign in instead.");
        }

        var created = await CreateAsync(
            new NewAccount(email!, request.Email!.Trim(), request.Password, request.GivenName, request.FamilyName, language, request.VerifyLink, EmailVerified: false, Login: null),
            cancellationToken);
        return new SignedUp(created.Citizen, created.VerificationToken!);
    }

    /// <summary>
    /// Opens an account for a person a state login vouched for, linked to that login and without a password. The email
    /// is taken as proved only when the provider verified it; then the account joins the citizen already known by it.
    /// </summary>
    public async Task<Outcome<SignedInCitizen>> SignUpFederatedAsync(ExternalLogin login, string preferredLanguage, string verifyLink, CancellationToken cancellationToken)
    {
        var (email, _) = IdentityNormalizer.NormalizeEmail(login.Email ?? string.Empty);
        if (email is null)
        {
            return OutcomeProblem.Invalid("email", "The state login did not share a usable email address.");
        }

        if (await db.CitizenAccounts.AnyAsync(a => a.Email == email, cancellationToken))
        {
            return FederatedLogins.Conflict("email", "An account with this email already exists. Sign in with its password, then link your state login from your account page.");
        }

        var errors = new ValidationErrors();
        var language = Languages.Validate(preferredLanguage, errors, "preferredLanguage");
        var created = await CreateAsync(
            new NewAccount(email, login.Email!.Trim(), null, Trim(login.GivenName), Trim(login.FamilyName), errors.Any ? "en" : language, verifyLink, login.EmailVerified, login),
            cancellationToken);
        if (!login.EmailVerified)
        {
            return created.Citizen;
        }

        var joined = await JoinCitizenKnownByEmailAsync(created.Citizen, email, cancellationToken);
        return joined.Succeeded ? (await SignedInAsync(await db.CitizenAccounts.AsNoTracking().FirstAsync(a => a.Id == created.Citizen.AccountId, cancellationToken), cancellationToken))! : joined.Problem!;
    }

    private static string? Trim(string? name) => string.IsNullOrWhiteSpace(name) ? null : name.Trim()[..Math.Min(name.Trim().Length, 200)];

    private sealed record NewAccount(
        string Email, string DisplayEmail, string? Password, string? GivenName, string? FamilyName, string Language, string VerifyLink, bool EmailVerified, ExternalLogin? Login);

    private sealed record Created(SignedInCitizen Citizen, string? VerificationToken);

    /// <summary>The account, its own citizen record and (for an unproved email) the verification message, in one save.</summary>
    private async Task<Created> CreateAsync(NewAccount request, CancellationToken cancellationToken)
    {
        var email = request.Email;
        var language = request.Language;
        var now = time.GetUtcNow().UtcDateTime;
        var account = new CitizenAccount { Id = Guid.CreateVersion7(), Email = email, PasswordHash = string.Empty, CreatedAt = now, LastSignInAt = now, SessionStamp = NewToken() };
        if (request.Password is not null)
        {
            account.PasswordHash = Hasher.HashPassword(account, PasswordRules.Normalize(request.Password));
        }

        string? token = null;
        if (request.EmailVerified)
        {
            account.EmailVerifiedAt = now;
        }
        else
        {
            token = NewToken();
            account.VerificationTokenHash = Hash(token);
            account.VerificationExpiresAt = now + VerificationLifetime;
        }

        var citizen = new Citizen { Id = Guid.CreateVersion7(), PreferredLanguage = language, CreatedAt = now, UpdatedAt = now };
        citizen.SetNames(request.GivenName, request.FamilyName);
        citizen.PreferredChannels = [Interactions.Channel.Web, Interactions.Channel.Email];
        citizen.Identities.Add(PortalIdentity(account, citizen.Id, now));

        // The email becomes this record's identity only when nobody has it yet; otherwise verification links the two.
        var emailTaken = await db.ChannelIdentities.AnyAsync(i => i.Kind == IdentityKind.Email && i.Value == email, cancellationToken);
        ChannelIdentity? emailIdentity = null;
        if (!emailTaken)
        {
            emailIdentity = new ChannelIdentity
            {
                Id = Guid.CreateVersion7(),
                CitizenId = citizen.Id,
                Kind = IdentityKind.Email,
                Value = email,
                Display = request.DisplayEmail,
                Verified = request.EmailVerified,
                CreatedAt = now,
            };
            citizen.Identities.Add(emailIdentity);
        }

        db.Citizens.Add(citizen);
        db.AddMatchProfile(citizen);
        db.CitizenAccounts.Add(account);
        db.Record("citizen.created", citizen.Id, now, new { Provisional = false, Channel = Interactions.Channel.Web });
        if (request.Login is { } login)
        {
            db.FederatedLogins.Add(new FederatedLogin { Id = Guid.CreateVersion7(), Issuer = login.Issuer, Subject = login.Subject, AccountId = account.Id, LinkedAt = now, LastSignInAt = now });
        }

        if (token is null)
        {
            await db.SaveChangesAsync(cancellationToken);
            return new Created(new SignedInCitizen(account.Id, citizen.Id, citizen.PreferredLanguage, EmailVerified: true) { SessionStamp = account.SessionStamp }, null);
        }

        QueueEmail(citizen.Id, emailIdentity?.Id, request.DisplayEmail, language, AccountEmails.VerifyTemplate, AccountEmails.Verify(language, VerificationLink(request.VerifyLink, token)), now);
        await db.SaveChangesAsync(cancellationToken);
        return new Created(new SignedInCitizen(account.Id, citizen.Id, citizen.PreferredLanguage, EmailVerified: false) { SessionStamp = account.SessionStamp }, token);
    }

    /// <summary>An account email, written to the outbox in the same save as the change that needs it.</summary>
    private void QueueEmail(Guid citizenId, Guid? identityId, string recipient, string language, string template, (string Subject, string Body) text, DateTime now) =>
        db.OutboundMessages.Add(new OutboundMessage
        {
            Id = Guid.CreateVersion7(),
            CitizenId = citizenId,
            Channel = Interactions.Channel.Email,
            ChannelIdentityId = identityId,
            Recipient = recipient,
            Subject = text.Subject,
            Body = text.Body,
            Language = language,
            TemplateKey = template,
            Author = Actor.System.ToString(),
            Status = OutboundStatus.Queued,
            NextAttemptAt = now,
            CreatedAt = now,
        });

    /// <summary>
    /// Sends the signed-in account a new verification link, which replaces the one before (lost, expired or never
    /// arrived). At most one per <see cref="EmailInterval"/>, so the button cannot flood a mailbox.
    /// </summary>
    public async Task<VerificationResend> ResendVerificationAsync(Guid accountId, string verifyLink, CancellationToken cancellationToken)
    {
        var account = await db.CitizenAccounts.FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null || account.EmailVerifiedAt is not null)
        {
            return VerificationResend.AlreadyVerified;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (account.VerificationExpiresAt - VerificationLifetime + EmailInterval > now)
        {
            return VerificationResend.TooSoon;
        }

        var own = await SignedInAsync(account, cancellationToken);
        if (own is null)
        {
            return VerificationResend.AlreadyVerified;
        }

        var token = NewToken();
        account.VerificationTokenHash = Hash(token);
        account.VerificationExpiresAt = now + VerificationLifetime;
        QueueEmail(own.CitizenId, await OwnEmailIdentityAsync(own.CitizenId, account.Email, cancellationToken), account.Email, own.PreferredLanguage,
            AccountEmails.VerifyTemplate, AccountEmails.Verify(own.PreferredLanguage, VerificationLink(verifyLink, token)), now);
        await db.SaveChangesAsync(cancellationToken);
        return VerificationResend.Sent;
    }

    /// <summary>
    /// Sends a one-time link to choose a new password when an account uses this email; answers the same whether or not
    /// one does, so the form tells nobody who has an account. At most one email per <see cref="EmailInterval"/> per account.
    /// </summary>
    public async Task<Outcome<bool>> RequestPasswordResetAsync(string? email, string resetPage, CancellationToken cancellationToken)
    {
        var (normalized, emailError) = IdentityNormalizer.NormalizeEmail(email ?? string.Empty);
        if (string.IsNullOrWhiteSpace(email))
        {
            return OutcomeProblem.Invalid("email", "This field is required.");
        }

        if (normalized is null)
        {
            return OutcomeProblem.Invalid("email", emailError!);
        }

        var account = await db.CitizenAccounts.FirstOrDefaultAsync(a => a.Email == normalized, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (account is null || account.PasswordResetExpiresAt - ResetLifetime + EmailInterval > now)
        {
            return true;
        }

        var own = await SignedInAsync(account, cancellationToken);
        if (own is null)
        {
            return true;
        }

        var token = NewToken();
        account.PasswordResetTokenHash = Hash(token);
        account.PasswordResetExpiresAt = now + ResetLifetime;
        QueueEmail(own.CitizenId, await OwnEmailIdentityAsync(own.CitizenId, account.Email, cancellationToken), account.Email, own.PreferredLanguage,
            AccountEmails.ResetTemplate, AccountEmails.Reset(own.PreferredLanguage, VerificationLink(resetPage, token)), now);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Whether a reset link can still be used, so the page asks for a new password only when it can work.</summary>
    public async Task<bool> IsResetLinkValidAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return false;
        }

        var hash = Hash(token);
        var now = time.GetUtcNow().UtcDateTime;
        return await db.CitizenAccounts.AnyAsync(a => a.PasswordResetTokenHash == hash && a.PasswordResetExpiresAt > now, cancellationToken);
    }

    /// <summary>
    /// Sets a new password with a reset link: once, before it expires, under the password rules. Every session of the
    /// account ends (new session stamp), and a lockout is lifted, as the owner of the mailbox has just proved themself.
    /// </summary>
    public async Task<Outcome<bool>> ResetPasswordAsync(string? token, string? password, CancellationToken cancellationToken)
    {
        var notValid = OutcomeProblem.Invalid("token", "This link is not valid or has expired. Ask for a new one.");
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return notValid;
        }

        var hash = Hash(token);
        var now = time.GetUtcNow().UtcDateTime;
        var account = await db.CitizenAccounts.FirstOrDefaultAsync(a => a.PasswordResetTokenHash == hash, cancellationToken);
        if (account is null || !(account.PasswordResetExpiresAt > now))
        {
            return notValid;
        }

        var portalValue = account.Id.ToString();
        var names = await db.Citizens.Where(c => c.Identities.Any(i => i.Kind == IdentityKind.Portal && i.Value == portalValue))
            .Select(c => new { c.GivenName, c.FamilyName }).FirstOrDefaultAsync(cancellationToken);
        var errors = new ValidationErrors();
        passwords.Check(password, errors, "password", account.Email, names?.GivenName, names?.FamilyName);
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        // A conditional update claims the link first: of two uses at the same instant only one finds it still there (a
        // tracked update alone would let both through, the later password winning). The rest is a tracked save in the
        // same transaction, so the change is audited as every other is.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.CitizenAccounts
            .Where(a => a.Id == account.Id && a.PasswordResetTokenHash == hash && a.PasswordResetExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.PasswordResetTokenHash, (string?)null).SetProperty(a => a.PasswordResetExpiresAt, (DateTime?)null), cancellationToken);
        if (claimed == 0)
        {
            return notValid;
        }

        account.PasswordHash = Hasher.HashPassword(account, PasswordRules.Normalize(password!));
        account.PasswordResetTokenHash = null;
        account.PasswordResetExpiresAt = null;
        account.SessionStamp = NewToken();
        account.FailedSignIns = 0;
        account.LockedUntil = null;
        await db.SaveChangesAsync(cancellationToken);
        await EndChatSessionsAsync(account.Id, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signIns.Forget(account.Id);
        return true;
    }

    /// <summary>
    /// Ends every session of the account, as a password reset does without changing the password: the portal's cookies
    /// on every device and every application's tokens carry the session stamp this replaces, and the citizen's chat
    /// sessions end with them. False when there is no such account.
    /// </summary>
    public async Task<bool> EndSessionsAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var account = await db.CitizenAccounts.FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null)
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        account.SessionStamp = NewToken();
        await db.SaveChangesAsync(cancellationToken);
        await EndChatSessionsAsync(account.Id, time.GetUtcNow().UtcDateTime, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signIns.Forget(account.Id);
        return true;
    }

    // The chat widget's sessions of the account's citizen are sign-ins too: a stolen phone's widget keeps its session
    // token, which would otherwise go on resuming the chat and its history.
    private Task<int> EndChatSessionsAsync(Guid accountId, DateTime now, CancellationToken cancellationToken)
    {
        var portalValue = accountId.ToString();
        return db.ChatSessions
            .Where(s => s.EndedAt == null
                && db.ChannelIdentities.Any(i => i.Kind == IdentityKind.Portal && i.Value == portalValue && i.CitizenId == s.CitizenId))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now), cancellationToken);
    }

    /// <summary>Whether a portal cookie's stamp is still the account's: false once a reset (or anything else) replaced it.</summary>
    public async Task<bool> IsSessionCurrentAsync(Guid accountId, string? stamp, CancellationToken cancellationToken) =>
        !string.IsNullOrEmpty(stamp) && await db.CitizenAccounts.AnyAsync(a => a.Id == accountId && a.SessionStamp == stamp, cancellationToken);

    /// <summary>The citizen's own email identity, if the account's email is one (it may belong to another record until verified).</summary>
    private async Task<Guid?> OwnEmailIdentityAsync(Guid citizenId, string email, CancellationToken cancellationToken) =>
        await db.ChannelIdentities.Where(i => i.Kind == IdentityKind.Email && i.Value == email && i.CitizenId == citizenId)
            .Select(i => (Guid?)i.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>One neutral answer for an unknown email and a wrong password, so the form does not reveal who has an account.</summary>
    public async Task<Outcome<SignedInCitizen>> SignInAsync(string? email, string? password, CancellationToken cancellationToken)
    {
        var refused = OutcomeProblem.Invalid("email", "The email or password is not right.");
        var (normalized, _) = IdentityNormalizer.NormalizeEmail(email ?? string.Empty);
        if (normalized is null || string.IsNullOrEmpty(password) || password.Length > MaxPasswordLength)
        {
            return refused;
        }

        var account = await db.CitizenAccounts.FirstOrDefaultAsync(a => a.Email == normalized, cancellationToken);
        // An account opened through a state login has no password until the citizen sets one.
        if (account is null || account.PasswordHash.Length == 0)
        {
            return refused;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (account.LockedUntil > now)
        {
            return OutcomeProblem.Invalid("email", "Too many attempts. Try again in 15 minutes.");
        }

        var result = Hasher.VerifyHashedPassword(account, account.PasswordHash, PasswordRules.Normalize(password));
        if (result == PasswordVerificationResult.Failed)
        {
            account.FailedSignIns++;
            if (account.FailedSignIns >= MaxFailedSignIns)
            {
                account.LockedUntil = now + Lockout;
                account.FailedSignIns = 0;
            }

            await db.SaveChangesAsync(cancellationToken);
            return refused;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = Hasher.HashPassword(account, PasswordRules.Normalize(password));
        }

        account.FailedSignIns = 0;
        account.LastSignInAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return await SignedInAsync(account, cancellationToken) is { } signedIn ? signedIn : refused;
    }

    /// <summary>The account's citizen as it stands now (records may have been merged since the sign-in).</summary>
    public async Task<SignedInCitizen?> CurrentAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var account = await db.CitizenAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        return account is null ? null : await SignedInAsync(account, cancellationToken);
    }

    /// <summary>Marks the email verified and links the account to the citizen already known by that email, if any.</summary>
    public async Task<Outcome<SignedInCitizen>> VerifyEmailAsync(string? token, CancellationToken cancellationToken)
    {
        var notValid = OutcomeProblem.NotFound("This link is not valid or has expired.");
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return notValid;
        }

        var hash = Hash(token);
        var now = time.GetUtcNow().UtcDateTime;
        var account = await db.CitizenAccounts.FirstOrDefaultAsync(a => a.VerificationTokenHash == hash, cancellationToken);
        if (account is null || account.VerificationExpiresAt < now)
        {
            return notValid;
        }

        var own = await SignedInAsync(account, cancellationToken);
        if (own is null)
        {
            return notValid;
        }

        account.EmailVerifiedAt = now;
        account.VerificationTokenHash = null;
        account.VerificationExpiresAt = null;
        var emailIdentity = await db.ChannelIdentities.FirstOrDefaultAsync(i => i.Kind == IdentityKind.Email && i.Value == account.Email, cancellationToken);
        if (emailIdentity is not null)
        {
            emailIdentity.Verified = true;
        }

        await db.SaveChangesAsync(cancellationToken);
        var joined = await JoinCitizenKnownByEmailAsync(own, account.Email, cancellationToken);
        if (!joined.Succeeded)
        {
            return joined.Problem!;
        }

        return await SignedInAsync(account, cancellationToken) is { } signedIn ? signedIn : notValid;
    }

    /// <summary>Once an email is proved, the account's record merges into the citizen already known by it, if any.</summary>
    private async Task<Outcome<bool>> JoinCitizenKnownByEmailAsync(SignedInCitizen own, string email, CancellationToken cancellationToken)
    {
        var known = await db.ChannelIdentities.Where(i => i.Kind == IdentityKind.Email && i.Value == email)
            .Select(i => (Guid?)i.CitizenId).FirstOrDefaultAsync(cancellationToken);
        if (known is null || known == own.CitizenId)
        {
            return true;
        }

        var existing = await FollowMergesAsync(known.Value, cancellationToken);
        if (existing == own.CitizenId)
        {
            return true;
        }

        var merged = await merges.MergeAsync(
            own.CitizenId,
            new MergeCitizens.Request(existing, "The portal account verified an email this citizen is known by."),
            Actor.System,
            cancellationToken);
        return merged.Succeeded ? true : merged.Problem!;
    }

    private async Task<SignedInCitizen?> SignedInAsync(CitizenAccount account, CancellationToken cancellationToken)
    {
        var value = account.Id.ToString();
        var citizenId = await db.ChannelIdentities.Where(i => i.Kind == IdentityKind.Portal && i.Value == value)
            .Select(i => (Guid?)i.CitizenId).FirstOrDefaultAsync(cancellationToken);
        if (citizenId is null)
        {
            return null;
        }

        var current = await FollowMergesAsync(citizenId.Value, cancellationToken);
        var citizen = await db.Citizens.Where(c => c.Id == current).Select(c => new { c.PreferredLanguage, c.TimeZone }).FirstAsync(cancellationToken);
        return new SignedInCitizen(account.Id, current, citizen.PreferredLanguage, account.EmailVerifiedAt is not null)
        {
            SessionStamp = account.SessionStamp,
            TimeZone = citizen.TimeZone,
        };
    }

    private async Task<Guid> FollowMergesAsync(Guid citizenId, CancellationToken cancellationToken)
    {
        for (var hops = 0; hops < 10; hops++)
        {
            var next = await db.Citizens.Where(c => c.Id == citizenId).Select(c => c.MergedIntoId).FirstOrDefaultAsync(cancellationToken);
            if (next is null)
            {
                return citizenId;
            }

            citizenId = next.Value;
        }

        return citizenId;
    }

    private static ChannelIdentity PortalIdentity(CitizenAccount account, Guid citizenId, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        CitizenId = citizenId,
        Kind = IdentityKind.Portal,
        Value = account.Id.ToString(),
        Display = "Portal account",
        Verified = true,
        CreatedAt = now,
    };

    public static string VerificationLink(string verifyPage, string token) => $"{verifyPage}?token={Uri.EscapeDataString(token)}";

    private static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
