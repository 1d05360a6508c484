using CivicHub.Core.Access;
using CivicHub.Core.Citizens.Matching;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Citizens;

/// <summary>Registers a citizen with the ways to reach them; refuses an identity that already belongs to someone.</summary>
public sealed class CreateCitizen(CivicHubDb db, IdentityNormalizer normalizer, TimeProvider time)
{
    public sealed record Request(
        string? GivenName,
        string? FamilyName,
        DateOnly? DateOfBirth,
        string? PreferredLanguage,
        List<Channel>? PreferredChannels,
        List<string>? Phones,
        List<string>? Emails,
        List<AddressInput>? Addresses,
        DemographicsInput? Demographics);

    public sealed record DemographicsInput(string? AgeBand, List<string>? AccessibilityNeeds, string? District);

    public async Task<Outcome<Citizen>> RunAsync(Request request, Actor actor, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Text("givenName", request.GivenName, 200).Text("familyName", request.FamilyName, 200);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (request.DateOfBirth is { } dob && (dob > today || dob.Year < 1900))
        {
            errors.Add("dateOfBirth", "Must be a date between 1900 and today.");
        }

        var language = Languages.Validate(request.PreferredLanguage, errors, "preferredLanguage");
        var identities = Identities(request, errors);
        var addresses = request.Addresses ?? [];
        if (addresses.Count > 10)
        {
            errors.Add("addresses", "At most 10 addresses.");
        }

        for (var i = 0; i < addresses.Count; i++)
        {
            addresses[i].Validate(errors, $"addresses[{i}]");
        }

        if (request.PreferredChannels is { Count: > 9 })
        {
            errors.Add("preferredChannels", "At most one entry per channel.");
        }

        ValidateDemographics(request.Demographics, errors);
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var values = identities.Select(i => i.Value).ToList();
        var taken = await db.ChannelIdentities
            .Where(i => values.Contains(i.Value))
            .Select(i => new { i.Kind, i.Value, i.CitizenId })
            .ToListAsync(cancellationToken);
        var clash = taken.FirstOrDefault(t => identities.Any(i => i.Kind == t.Kind && i.Value == t.Value));
        if (clash is not null)
        {
            return OutcomeProblem.Conflict($"That {clash.Kind.ToString().ToLowerInvariant()} already belongs to citizen {clash.CitizenId}.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var citizen = new Citizen
        {
            Id = Guid.CreateVersion7(),
            DateOfBirth = request.DateOfBirth,
            PreferredLanguage = language,
            PreferredChannels = request.PreferredChannels?.Distinct().ToList() ?? [],
            Addresses = addresses.Select(a => a.ToAddress()).ToList(),
            Demographics = new Demographics
            {
                AgeBand = request.Demographics?.AgeBand,
                AccessibilityNeeds = request.Demographics?.AccessibilityNeeds ?? [],
                District = request.Demographics?.District,
            },
            CreatedAt = now,
            UpdatedAt = now,
        };
        citizen.SetNames(request.GivenName, request.FamilyName);
        foreach (var (kind, value, display) in identities)
        {
            citizen.Identities.Add(new ChannelIdentity { Id = Guid.CreateVersion7(), Kind = kind, Value = value, Display = display, CreatedAt = now });
        }

        db.Citizens.Add(citizen);
        db.AddMatchProfile(citizen);
        db.Record("citizen.created", citizen.Id, now, new { By = actor.ToString() });
        return citizen;
    }

    private List<(IdentityKind Kind, string Value, string Display)> Identities(Request request, ValidationErrors errors)
    {
        var result = new List<(IdentityKind, string, string)>();
        void Collect(IdentityKind kind, List<string>? raws, string field)
        {
            if (raws is { Count: > 10 })
            {
                errors.Add(field, "At most 10 entries.");
                return;
            }

            for (var i = 0; i < (raws?.Count ?? 0); i++)
            {
                var (value, error) = normalizer.Normalize(kind, raws![i]);
                if (value is null)
                {
                    errors.Add($"{field}[{i}]", error!);
                }
                else if (!result.Any(r => r.Item1 == kind && r.Item2 == value))
                {
                    result.Add((kind, value, raws[i].Trim()));
                }
            }
        }

        Collect(IdentityKind.Phone, request.Phones, "phones");
        Collect(IdentityKind.Email, request.Emails, "emails");
        return result;
    }

    private static void ValidateDemographics(DemographicsInput? demographics, ValidationErrors errors)
    {
        if (demographics is null)
        {
            return;
        }

        if (demographics.AgeBand is not null && !AgeBands.Contains(demographics.AgeBand))
        {
            errors.Add("demographics.ageBand", $"Must be one of: {string.Join(", ", AgeBands)}.");
        }

        if (demographics.AccessibilityNeeds is { Count: > 10 } || demographics.AccessibilityNeeds?.Any(n => string.IsNullOrWhiteSpace(n) || n.Length > 50) == true)
        {
            errors.Add("demographics.accessibilityNeeds", "At most 10 needs of at most 50 characters each.");
        }

        errors.Text("demographics.district", demographics.District, 100, required: false);
    }

    public static readonly IReadOnlyList<string> AgeBands = ["under-18", "18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"];
}
