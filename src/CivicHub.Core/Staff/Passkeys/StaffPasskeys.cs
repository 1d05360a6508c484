using System.Text.Json;
using CivicHub.Core.Access;
using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Staff.Passkeys;

/// <summary>
/// Staff passkeys (WebAuthn, through the Fido2 library): making one while signed in, signing in with one, and the
/// member's own list. Every passkey must verify its user (a PIN or biometric on the device), so a passkey sign-in is
/// phishing-resistant multi-factor on its own and needs neither password nor code. Passkeys are discoverable, so
/// the sign-in asks for no user name. Each ceremony's options stay on the server (PasskeyCeremony) and are used once.
/// </summary>
public sealed partial class StaffPasskeys(
    CivicHubDb db, StaffSignIn signIn, IOptions<StaffPasskeyOptions> options, TimeProvider time, ILogger<StaffPasskeys> logger)
{
    public const int NameMaxLength = 100;

    /// <summary>The one answer to every refused passkey sign-in, so it does not tell which check failed.</summary>
    public const string Refused = "The passkey was not accepted, or the account is locked or deactivated.";

    /// <summary>The options for making a new passkey for a signed-in member of staff.</summary>
    public async Task<Outcome<PasskeyChallenge>> BeginRegistrationAsync(Guid staffId, PasskeyRelyingParty relyingParty, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relyingParty);
        var staff = await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == staffId && s.Active, cancellationToken);
        if (staff is null)
        {
            return OutcomeProblem.NotFound("There is no active member of staff signed in.");
        }

        var existing = await db.StaffPasskeys.AsNoTracking().Where(p => p.StaffId == staffId).Select(p => p.CredentialId).ToListAsync(cancellationToken);
        var created = Fido2For(relyingParty).RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = UserHandleOf(staffId), Name = staff.UserName, DisplayName = staff.DisplayName },
            // The same authenticator twice would only be a second name for one device.
            ExcludeCredentials = [.. existing.Select(id => new PublicKeyCredentialDescriptor(id))],
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Required,
                UserVerification = UserVerificationRequirement.Required,
            },
            // No attestation: which model of authenticator a member uses is not ours to check, and asking would make
            // some browsers prompt about it.
            AttestationPreference = AttestationConveyancePreference.None,
        });
        return await StartAsync(PasskeyCeremonyKind.Registration, staffId, created.ToJson(), cancellationToken);
    }

    /// <summary>Checks the authenticator's answer to a registration begun by the same member and keeps the new passkey.</summary>
    public async Task<Outcome<PasskeySummary>> FinishRegistrationAsync(
        Guid staffId, Guid? ceremonyId, string? name, JsonElement credential, PasskeyRelyingParty relyingParty, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relyingParty);
        var errors = new ValidationErrors().Text("name", name, NameMaxLength);
        if (ceremonyId is null)
        {
            errors.Add("ceremonyId", "This field is required.");
        }

        var response = Parse<AuthenticatorAttestationRawResponse>(credential);
        if (response?.Response?.AttestationObject is null || response.Response.ClientDataJson is null)
        {
            errors.Add("credential", "Send the PublicKeyCredential that navigator.credentials.create() returned, binary fields in base64url.");
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var ceremony = await TakeAsync(ceremonyId!.Value, PasskeyCeremonyKind.Registration, staffId, cancellationToken);
        if (ceremony is null)
        {
            return OutcomeProblem.Invalid("ceremonyId", "This registration is unknown, finished or expired: start again.");
        }

        if (!await db.Staff.AnyAsync(s => s.Id == staffId && s.Active, cancellationToken))
        {
            return OutcomeProblem.NotFound("There is no active member of staff signed in.");
        }

        RegisteredPublicKeyCredential made;
        try
        {
            made = await Fido2For(relyingParty).MakeNewCredentialAsync(
                new MakeNewCredentialParams
                {
                    AttestationResponse = response!,
                    OriginalOptions = CredentialCreateOptions.FromJson(ceremony.Options),
                    IsCredentialIdUniqueToUserCallback = async (args, token) => !await db.StaffPasskeys.AnyAsync(p => p.CredentialId == args.CredentialId, token),
                },
                cancellationToken);
        }
        catch (Fido2VerificationException ex)
        {
            LogRegistrationRefused(logger, staffId, ex.Code);
            return OutcomeProblem.Invalid("credential", "The authenticator's answer could not be verified (the origin, the challenge or the user verification).");
        }

        var passkey = new StaffPasskey
        {
            Id = Guid.CreateVersion7(),
            StaffId = staffId,
            CredentialId = made.Id,
            PublicKey = made.PublicKey,
            SignCount = made.SignCount,
            UserHandle = made.User.Id,
            AaGuid = made.AaGuid,
            Name = name!.Trim(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.StaffPasskeys.Add(passkey);
        await db.SaveChangesAsync(cancellationToken);
        LogRegistered(logger, staffId, passkey.Id);
        return Summary(passkey);
    }

    /// <summary>The options for signing in with any passkey of this site (discoverable: no user name asked).</summary>
    public async Task<PasskeyChallenge> BeginSignInAsync(PasskeyRelyingParty relyingParty, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relyingParty);
        var assertion = Fido2For(relyingParty).GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [],
            UserVerification = UserVerificationRequirement.Required,
        });
        return (await StartAsync(PasskeyCeremonyKind.SignIn, null, assertion.ToJson(), cancellationToken)).Value!;
    }

    /// <summary>
    /// Checks a sign-in answer: the ceremony unused, the passkey known, its owner active and not locked, the signature,
    /// origin, challenge and user verification right, and the signature counter moved on. The member signed in, or null.
    /// </summary>
    public async Task<Outcome<StaffMember?>> FinishSignInAsync(Guid? ceremonyId, JsonElement credential, PasskeyRelyingParty relyingParty, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relyingParty);
        var errors = new ValidationErrors();
        if (ceremonyId is null)
        {
            errors.Add("ceremonyId", "This field is required.");
        }

        var response = Parse<AuthenticatorAssertionRawResponse>(credential);
        if (response?.RawId is not { Length: > 0 } || response.Response?.AuthenticatorData is null || response.Response.ClientDataJson is null || response.Response.Signature is null)
        {
            errors.Add("credential", "Send the PublicKeyCredential that navigator.credentials.get() returned, binary fields in base64url.");
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var ceremony = await TakeAsync(ceremonyId!.Value, PasskeyCeremonyKind.SignIn, null, cancellationToken);
        if (ceremony is null)
        {
            LogUnknownCeremony(logger);
            return (StaffMember?)null;
        }

        var rawId = response!.RawId;
        var passkey = await db.StaffPasskeys.FirstOrDefaultAsync(p => p.CredentialId == rawId, cancellationToken);
        var staff = passkey is null ? null : await db.Staff.FirstOrDefaultAsync(s => s.Id == passkey.StaffId, cancellationToken);
        if (passkey is null || staff is null)
        {
            LogUnknownPasskey(logger);
            return (StaffMember?)null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (!staff.Active || StaffSignIn.IsLocked(staff, now))
        {
            LogInactiveOrLocked(logger, staff.Id, passkey.Id);
            return (StaffMember?)null;
        }

        VerifyAssertionResult verified;
        try
        {
            verified = await Fido2For(relyingParty).MakeAssertionAsync(
                new MakeAssertionParams
                {
                    AssertionResponse = response,
                    OriginalOptions = AssertionOptions.FromJson(ceremony.Options),
                    StoredPublicKey = passkey.PublicKey,
                    StoredSignatureCounter = (uint)passkey.SignCount,
                    IsUserHandleOwnerOfCredentialIdCallback = (args, _) =>
                        Task.FromResult(args.UserHandle.AsSpan().SequenceEqual(passkey.UserHandle) && args.CredentialId.AsSpan().SequenceEqual(passkey.CredentialId)),
                },
                cancellationToken);
        }
        catch (Fido2VerificationException ex)
        {
            if (ex.Code == Fido2ErrorCode.InvalidSignCount)
            {
                LogCounterWentBack(logger, staff.Id, passkey.Id);
            }
            else
            {
                LogAssertionRefused(logger, staff.Id, passkey.Id, ex.Code);
            }

            await signIn.FailAsync(staff, now, cancellationToken);
            return (StaffMember?)null;
        }

        // Fido2 checks the counter too; checked here as well because a refused clone is the one case that must never
        // slip through a change of library. Authenticators without a counter send 0 every time.
        if ((verified.SignCount != 0 || passkey.SignCount != 0) && verified.SignCount <= passkey.SignCount)
        {
            LogCounterWentBack(logger, staff.Id, passkey.Id);
            await signIn.FailAsync(staff, now, cancellationToken);
            return (StaffMember?)null;
        }

        passkey.SignCount = verified.SignCount;
        passkey.LastUsedAt = now;
        staff.FailedSignIns = 0;
        staff.FailuresSince = null;
        staff.LockedUntil = null;
        await db.SaveChangesAsync(cancellationToken);
        LogSignedIn(logger, staff.Id, passkey.Id);
        return staff;
    }

    /// <summary>A member's own passkeys, newest first.</summary>
    public async Task<IReadOnlyList<PasskeySummary>> ListAsync(Guid staffId, CancellationToken cancellationToken) =>
        await db.StaffPasskeys.AsNoTracking().Where(p => p.StaffId == staffId)
            .OrderByDescending(p => p.CreatedAt)
            .Select(p => new PasskeySummary(p.Id, p.Name, p.CreatedAt, p.LastUsedAt))
            .ToListAsync(cancellationToken);

    /// <summary>Renames one of the member's own passkeys; another member's is not found.</summary>
    public async Task<Outcome<PasskeySummary>> RenameAsync(Guid staffId, Guid passkeyId, string? name, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Text("name", name, NameMaxLength);
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var passkey = await db.StaffPasskeys.FirstOrDefaultAsync(p => p.Id == passkeyId && p.StaffId == staffId, cancellationToken);
        if (passkey is null)
        {
            return OutcomeProblem.NotFound("You have no passkey with this id.");
        }

        passkey.Name = name!.Trim();
        await db.SaveChangesAsync(cancellationToken);
        return Summary(passkey);
    }

    /// <summary>Deletes one of the member's own passkeys; another member's is not found.</summary>
    public async Task<bool> DeleteAsync(Guid staffId, Guid passkeyId, CancellationToken cancellationToken)
    {
        var deleted = await db.StaffPasskeys.Where(p => p.Id == passkeyId && p.StaffId == staffId).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 1)
        {
            LogDeleted(logger, staffId, passkeyId);
        }

        return deleted == 1;
    }

    /// <summary>An administrator removes every passkey of a member (a lost or stolen device); returns how many.</summary>
    public async Task<Outcome<int>> RemoveAllAsync(Guid staffId, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsStaff(StaffRole.Administrator))
        {
            return OutcomeProblem.Forbidden("Only an administrator removes another member's passkeys.");
        }

        var removed = await db.StaffPasskeys.Where(p => p.StaffId == staffId).ExecuteDeleteAsync(cancellationToken);
        LogRemovedAll(logger, staffId, removed);
        return removed;
    }

    private static PasskeySummary Summary(StaffPasskey passkey) => new(passkey.Id, passkey.Name, passkey.CreatedAt, passkey.LastUsedAt);

    private static byte[] UserHandleOf(Guid staffId) => staffId.ToByteArray();

    private Fido2 Fido2For(PasskeyRelyingParty relyingParty) => new(
        new Fido2Configuration
        {
            RPID = relyingParty.Id,
            RPName = relyingParty.Name,
            Origins = relyingParty.Origins.ToHashSet(StringComparer.Ordinal),
            Timeout = (uint)options.Value.CeremonyLifetime.TotalMilliseconds,
        },
        metadataService: null);

    private static T? Parse<T>(JsonElement credential)
        where T : class
    {
        if (credential.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            return credential.Deserialize<T>();
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    private async Task<Outcome<PasskeyChallenge>> StartAsync(PasskeyCeremonyKind kind, Guid? staffId, string optionsJson, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // Ceremonies nobody finished are cleared as new ones start; there is never more than a few minutes' worth.
        await db.PasskeyCeremonies.Where(c => c.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var ceremony = new PasskeyCeremony
        {
            Id = Guid.NewGuid(),
            Kind = kind,
            StaffId = staffId,
            Options = optionsJson,
            ExpiresAt = now + options.Value.CeremonyLifetime,
        };
        db.PasskeyCeremonies.Add(ceremony);
        await db.SaveChangesAsync(cancellationToken);
        using var document = JsonDocument.Parse(optionsJson);
        return new PasskeyChallenge(ceremony.Id, document.RootElement.Clone());
    }

    /// <summary>The ceremony, taken out so nobody can answer it again: of two racing answers only one deletes the row.</summary>
    private async Task<PasskeyCeremony?> TakeAsync(Guid id, PasskeyCeremonyKind kind, Guid? staffId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var ceremony = await db.PasskeyCeremonies.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == id && c.Kind == kind && c.StaffId == staffId && c.ExpiresAt > now, cancellationToken);
        if (ceremony is null)
        {
            return null;
        }

        var taken = await db.PasskeyCeremonies.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken);
        return taken == 1 ? ceremony : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Staff {StaffId} registered passkey {PasskeyId}")]
    private static partial void LogRegistered(ILogger logger, Guid staffId, Guid passkeyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A passkey registration of staff {StaffId} was refused: {Reason}")]
    private static partial void LogRegistrationRefused(ILogger logger, Guid staffId, Fido2ErrorCode reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Staff {StaffId} signed in with passkey {PasskeyId}")]
    private static partial void LogSignedIn(ILogger logger, Guid staffId, Guid passkeyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A passkey sign-in was refused: the ceremony is unknown, used or expired")]
    private static partial void LogUnknownCeremony(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A passkey sign-in was refused: no member of staff has that passkey")]
    private static partial void LogUnknownPasskey(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A passkey sign-in for {StaffId} with passkey {PasskeyId} was refused: the account is deactivated or locked")]
    private static partial void LogInactiveOrLocked(ILogger logger, Guid staffId, Guid passkeyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A passkey sign-in for {StaffId} with passkey {PasskeyId} was refused: {Reason}")]
    private static partial void LogAssertionRefused(ILogger logger, Guid staffId, Guid passkeyId, Fido2ErrorCode reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A passkey sign-in for {StaffId} was refused: the signature counter of passkey {PasskeyId} went back, so the authenticator may have been cloned")]
    private static partial void LogCounterWentBack(ILogger logger, Guid staffId, Guid passkeyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Staff {StaffId} deleted passkey {PasskeyId}")]
    private static partial void LogDeleted(ILogger logger, Guid staffId, Guid passkeyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "All {Count} passkeys of staff {StaffId} were removed by an administrator")]
    private static partial void LogRemovedAll(ILogger logger, Guid staffId, int count);
}
