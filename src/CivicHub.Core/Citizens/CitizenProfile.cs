using CivicHub.Core.Access;
using CivicHub.Core.Citizens.Matching;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Citizens;

/// <summary>
/// The part of their record a citizen keeps themselves: names, date of birth, phones and emails, addresses, and
/// the language and channels they want to hear from us in. A phone or email that belongs to another record is
/// refused rather than moved, since proving it is theirs is an agent's job (or a verification's).
/// </summary>
public sealed class CitizenProfile(CivicHubDb db, IdentityNormalizer normalizer, TimeProvider time)
{
    public const int MaxEntries = 5;

    public sealed record View(
        Guid Id,
        string? GivenName,
        string? FamilyName,
        DateOnly? DateOfBirth,
        string PreferredLanguage,
        IReadOnlyList<Channel> PreferredChannels,
        IReadOnlyList<string> Phones,
        IReadOnlyList<string> Emails,
        IReadOnlyList<Address> Addresses);

    public sealed record Request(
        string? GivenName,
        string? FamilyName,
        DateOnly? DateOfBirth,
        string? PreferredLanguage,
        List<Channel>? PreferredChannels,
        List<string>? Phones,
        List<string>? Emails,
        List<AddressInput>? Addresses);

    public async Task<View?> GetAsync(Guid citizenId, CancellationToken cancellationToken)
    {
        var citizen = await db.Citizens.AsNoTracking().Include(c => c.Identities).FirstOrDefaultAsync(c => c.Id == citizenId, cancellationToken);
        return citizen is null ? null : ViewOf(citizen);
    }

    public async Task<Outcome<View>> UpdateAsync(Guid citizenId, Request request, Actor actor, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Text("givenName", request.GivenName, 200).Text("familyName", request.FamilyName, 200);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (request.DateOfBirth is { } dob && (dob > today || dob.Year < 1900))
        {
            errors.Add("dateOfBirth", "Must be a date between 1900 and today.");
        }

        var language = Languages.Validate(request.PreferredLanguage, errors, "preferredLanguage");
        var phones = Normalize(IdentityKind.Phone, request.Phones, "phones", errors);
        var emails = Normalize(IdentityKind.Email, request.Emails, "emails", errors);
        var addresses = request.Addresses ?? [];
        if (addresses.Count > MaxEntries)
        {
            errors.Add("addresses", $"At most {MaxEntries} addresses.");
        }

        for (var i = 0; i < addresses.Count; i++)
        {
            addresses[i].Validate(errors, $"addresses[{i}]");
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var citizen = await db.Citizens.Include(c => c.Identities).FirstOrDefaultAsync(c => c.Id == citizenId, cancellationToken);
        if (citizen is null || citizen.MergedIntoId is not null)
        {
            return OutcomeProblem.NotFound("No citizen has that id.");
        }

        var wanted = phones.Concat(emails).ToList();
        var values = wanted.Select(w => w.Value).ToList();
        var others = await db.ChannelIdentities.Where(i => values.Contains(i.Value) && i.CitizenId != citizenId)
            .Select(i => new { i.Kind, i.Value }).ToListAsync(cancellationToken);
        foreach (var taken in wanted.Where(w => others.Any(o => o.Kind == w.Kind && o.Value == w.Value)))
        {
            errors.Add(taken.Field, "This is already on another record. Contact us to have it moved to yours.");
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        citizen.SetNames(request.GivenName, request.FamilyName);
        citizen.DateOfBirth = request.DateOfBirth;
        citizen.PreferredLanguage = language;
        citizen.PreferredChannels = request.PreferredChannels?.Distinct().ToList() ?? [];
        citizen.Addresses = addresses.Select(a => a.ToAddress()).ToList();
        citizen.IsProvisional = false;
        citizen.UpdatedAt = now;

        // Phones and emails the citizen no longer lists are removed; their past interactions keep their text.
        foreach (var kind in new[] { IdentityKind.Phone, IdentityKind.Email })
        {
            foreach (var gone in citizen.Identities.Where(i => i.Kind == kind && !wanted.Any(w => w.Kind == kind && w.Value == i.Value)).ToList())
            {
                db.ChannelIdentities.Remove(gone);
            }
        }

        foreach (var (kind, value, display, _) in wanted.Where(w => !citizen.Identities.Any(i => i.Kind == w.Kind && i.Value == w.Value)))
        {
            db.ChannelIdentities.Add(new ChannelIdentity { Id = Guid.CreateVersion7(), CitizenId = citizen.Id, Kind = kind, Value = value, Display = display, CreatedAt = now });
        }

        // Matching compares records by name, birth date and address, so the citizen's filing follows their changes.
        await db.CitizenMatchKeys.Where(k => k.CitizenId == citizen.Id).ExecuteDeleteAsync(cancellationToken);
        await db.CitizenMatchProfiles.Where(p => p.CitizenId == citizen.Id).ExecuteDeleteAsync(cancellationToken);
        db.AddMatchProfile(citizen);
        db.Record("citizen.updated", citizen.Id, now, new { By = actor.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await GetAsync(citizenId, cancellationToken))!;
    }

    /// <summary>Remembers the language the citizen chose on the portal's language switch.</summary>
    public async Task SetLanguageAsync(Guid citizenId, string language, CancellationToken cancellationToken)
    {
        var citizen = await db.Citizens.FirstOrDefaultAsync(c => c.Id == citizenId && c.MergedIntoId == null, cancellationToken);
        if (citizen is null || citizen.PreferredLanguage == language)
        {
            return;
        }

        citizen.PreferredLanguage = language;
        citizen.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    private List<(IdentityKind Kind, string Value, string Display, string Field)> Normalize(
        IdentityKind kind, List<string>? raws, string field, ValidationErrors errors)
    {
        var result = new List<(IdentityKind, string, string, string)>();
        var entries = raws ?? [];
        if (entries.Count > MaxEntries)
        {
            errors.Add(field, $"At most {MaxEntries} entries.");
            return result;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(entries[i]))
            {
                continue;
            }

            var (value, error) = normalizer.Normalize(kind, entries[i]);
            if (value is null)
            {
                errors.Add($"{field}[{i}]", error!);
            }
            else if (!result.Any(r => r.Item2 == value))
            {
                result.Add((kind, value, entries[i].Trim(), $"{field}[{i}]"));
            }
        }

        return result;
    }

    private static View ViewOf(Citizen citizen) => new(
        citizen.Id,
        citizen.GivenName,
        citizen.FamilyName,
        citizen.DateOfBirth,
        citizen.PreferredLanguage,
        citizen.PreferredChannels,
        citizen.Identities.Where(i => i.Kind == IdentityKind.Phone).OrderBy(i => i.CreatedAt).Select(i => i.Display).ToList(),
        citizen.Identities.Where(i => i.Kind == IdentityKind.Email).OrderBy(i => i.CreatedAt).Select(i => i.Display).ToList(),
        citizen.Addresses);
}
