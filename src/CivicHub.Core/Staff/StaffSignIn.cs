using System.Security.Cryptography;
using System.Text;
using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Staff;

/// <summary>
/// Staff sign-in in two steps, the same for the desk and the API's password grant: the password, then a code from
/// an authenticator app (or a recovery code). Failures of either step count towards a lockout; a locked account, an
/// unknown user and a wrong password all get the same answer, so the sign-in does not tell who has an account.
/// </summary>
public sealed partial class StaffSignIn(CivicHubDb db, StaffSecrets secrets, IOptions<StaffSignInOptions> options, TimeProvider time, ILogger<StaffSignIn> logger)
{
    public const int RecoveryCodeCount = 10;

    /// <summary>The one answer to every refused sign-in.</summary>
    public const string Refused = "The user name, password or code is not correct, or the account is locked for a while.";

    /// <summary>Where the password step leaves a member of staff.</summary>
    public enum Step
    {
        Refused,
        NeedsCode,
        NeedsEnrolment,
        SignedIn,
    }

    public sealed record PasswordResult(Step Step, StaffMember? Staff);

    /// <summary>Checks the password; a right one on an unlocked account leads to the second factor (or straight in without MFA).</summary>
    public async Task<PasswordResult> PasswordAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        var name = userName?.Trim().ToLowerInvariant() ?? "";
        var staff = name.Length == 0 ? null : await db.Staff.FirstOrDefaultAsync(s => s.UserName == name && s.Active, cancellationToken);
        if (staff is null)
        {
            // The name typed is not logged: it may be a password typed in the wrong box. A hash is still checked, so
            // an unknown name takes as long to refuse as a wrong password.
            StaffPasswords.Verify(TimingDecoy, password);
            LogUnknownUser(logger);
            return new(Step.Refused, null);
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (IsLocked(staff, now))
        {
            LogLockedAttempt(logger, staff.Id);
            return new(Step.Refused, null);
        }

        if (staff.PasswordHash is null || !StaffPasswords.Verify(staff, password))
        {
            await FailAsync(staff, now, cancellationToken);
            return new(Step.Refused, null);
        }

        if (!options.Value.RequireMfa)
        {
            await SucceedAsync(staff, cancellationToken);
            return new(Step.SignedIn, staff);
        }

        return new(staff.TotpSecret is null ? Step.NeedsEnrolment : Step.NeedsCode, staff);
    }

    /// <summary>Checks the second factor of a member of staff whose password was right: a TOTP code not used before, or an unused recovery code.</summary>
    public async Task<StaffMember?> CodeAsync(Guid staffId, string? code, CancellationToken cancellationToken)
    {
        var staff = await db.Staff.FirstOrDefaultAsync(s => s.Id == staffId && s.Active, cancellationToken);
        var now = time.GetUtcNow();
        if (staff?.TotpSecret is null || IsLocked(staff, now.UtcDateTime))
        {
            return null;
        }

        var typed = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (Totp.MatchingStep(secrets.Unprotect(staff.TotpSecret), typed, now) is { } step)
        {
            // A conditional update, so two requests racing with the same code cannot both win.
            var claimed = await db.Staff.Where(s => s.Id == staffId && (s.TotpLastStep == null || s.TotpLastStep < step))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.TotpLastStep, step), cancellationToken);
            if (claimed == 1)
            {
                await SucceedAsync(staff, cancellationToken);
                return staff;
            }
        }
        else if (typed.Length == RecoveryCodeLength && staff.RecoveryCodeHashes is { } hashes)
        {
            var hash = HashRecoveryCode(typed);
            var remaining = hashes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            if (remaining.Remove(hash))
            {
                var claimed = await db.Staff.Where(s => s.Id == staffId && s.RecoveryCodeHashes == hashes)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.RecoveryCodeHashes, string.Join(' ', remaining)), cancellationToken);
                if (claimed == 1)
                {
                    LogRecoveryCodeUsed(logger, staff.Id, remaining.Count);
                    await SucceedAsync(staff, cancellationToken);
                    return staff;
                }
            }
        }

        await FailAsync(staff, now.UtcDateTime, cancellationToken);
        return null;
    }

    /// <summary>
    /// Sets up the authenticator of a member of staff who has none yet: the code shows the app holds the secret.
    /// Returns the recovery codes to show once, or null when the code does not match.
    /// </summary>
    public async Task<IReadOnlyList<string>?> EnrolAsync(Guid staffId, byte[] secret, string? code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var staff = await db.Staff.FirstOrDefaultAsync(s => s.Id == staffId && s.Active, cancellationToken);
        var now = time.GetUtcNow();
        if (staff is null || staff.TotpSecret is not null || IsLocked(staff, now.UtcDateTime))
        {
            return null;
        }

        if (Totp.MatchingStep(secret, code, now) is not { } step)
        {
            await FailAsync(staff, now.UtcDateTime, cancellationToken);
            return null;
        }

        var codes = Enumerable.Range(0, RecoveryCodeCount).Select(_ => NewRecoveryCode()).ToList();
        staff.TotpSecret = secrets.Protect(secret);
        staff.TotpLastStep = step;
        staff.RecoveryCodeHashes = string.Join(' ', codes.Select(c => HashRecoveryCode(c.Replace("-", "", StringComparison.Ordinal))));
        staff.FailedSignIns = 0;
        staff.FailuresSince = null;
        await db.SaveChangesAsync(cancellationToken);
        LogEnrolled(logger, staff.Id);
        return codes;
    }

    /// <summary>An active member of staff by id, for starting a session after a check made in this scope.</summary>
    public Task<StaffMember?> ActiveAsync(Guid staffId, CancellationToken cancellationToken) =>
        db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == staffId && s.Active, cancellationToken);

    /// <summary>The URI an authenticator app reads for a new secret.</summary>
    public string KeyUri(string userName, byte[] secret) => Totp.KeyUri(options.Value.Issuer, userName, secret);

    private const int RecoveryCodeLength = 10;

    private static readonly StaffMember TimingDecoy = NewTimingDecoy();

    private static StaffMember NewTimingDecoy()
    {
        var decoy = new StaffMember { UserName = "", DisplayName = "" };
        decoy.PasswordHash = StaffPasswords.Hash(decoy, Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)));
        return decoy;
    }

    /// <summary>Whether the account refuses every sign-in for now (a passkey's too).</summary>
    internal static bool IsLocked(StaffMember staff, DateTime now) => staff.LockedUntil is { } until && until > now;

    /// <summary>Counts a failed attempt of any kind (password, code, passkey) towards the lockout.</summary>
    internal async Task FailAsync(StaffMember staff, DateTime now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (staff.FailuresSince is not { } since || now - since > settings.LockoutWindow)
        {
            staff.FailuresSince = now;
            staff.FailedSignIns = 0;
        }

        staff.FailedSignIns++;
        if (staff.FailedSignIns >= settings.LockoutThreshold)
        {
            staff.LockedUntil = now + settings.LockoutDuration;
            staff.FailedSignIns = 0;
            staff.FailuresSince = null;
            LogLocked(logger, staff.Id, settings.LockoutDuration);
        }
        else
        {
            LogFailed(logger, staff.Id, staff.FailedSignIns);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Records a completed sign-in of any kind: the failures so far are forgiven.</summary>
    internal async Task SucceedAsync(StaffMember staff, CancellationToken cancellationToken)
    {
        if (staff.FailedSignIns != 0 || staff.FailuresSince is not null || staff.LockedUntil is not null)
        {
            staff.FailedSignIns = 0;
            staff.FailuresSince = null;
            staff.LockedUntil = null;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Ten base32 characters (50 random bits), shown as two groups of five.</summary>
    private static string NewRecoveryCode()
    {
        var text = Totp.ToBase32(RandomNumberGenerator.GetBytes(7))[..RecoveryCodeLength].ToLowerInvariant();
        return $"{text[..5]}-{text[5..]}";
    }

    // Recovery codes are random, not chosen by people, so a fast unsalted hash is enough to keep them unreadable.
    private static string HashRecoveryCode(string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code.ToLowerInvariant())));

    [LoggerMessage(Level = LogLevel.Warning, Message = "A staff sign-in was refused for a user name that is not an active member of staff")]
    private static partial void LogUnknownUser(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A staff sign-in for {StaffId} was refused: the account is locked")]
    private static partial void LogLockedAttempt(ILogger logger, Guid staffId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A staff sign-in for {StaffId} failed ({Failures} recent failures)")]
    private static partial void LogFailed(ILogger logger, Guid staffId, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Staff account {StaffId} locked for {Duration} after repeated failed sign-ins")]
    private static partial void LogLocked(ILogger logger, Guid staffId, TimeSpan duration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Staff {StaffId} set up an authenticator app")]
    private static partial void LogEnrolled(ILogger logger, Guid staffId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Staff {StaffId} signed in with a recovery code ({Remaining} left)")]
    private static partial void LogRecoveryCodeUsed(ILogger logger, Guid staffId, int remaining);
}
