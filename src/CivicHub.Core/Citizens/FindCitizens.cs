using CivicHub.Core.Cases;
using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Privacy;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Citizens;

/// <summary>
/// Finds citizens by phone, email, or one box of free text: a case reference, a phone number, an email address
/// or a name (each word a prefix of a given or family name).
/// </summary>
public sealed class FindCitizens(CivicHubDb db, IdentityNormalizer normalizer, RecordAccess access)
{
    public const int MaxResults = 20;

    public sealed record Query(string? Phone, string? Email, string? Q);

    public async Task<Outcome<IReadOnlyList<CitizenSummary>>> RunAsync(Query query, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(query.Phone) && string.IsNullOrWhiteSpace(query.Email) && string.IsNullOrWhiteSpace(query.Q))
        {
            return OutcomeProblem.Invalid("q", "Give a phone, an email or some text to search for.");
        }

        IQueryable<Citizen> citizens = db.Citizens.Where(c => c.MergedIntoId == null);
        if (!string.IsNullOrWhiteSpace(query.Phone))
        {
            var (phone, error) = normalizer.NormalizePhone(query.Phone);
            if (phone is null)
            {
                return OutcomeProblem.Invalid("phone", error!);
            }

            citizens = citizens.Where(c => db.ChannelIdentities.Any(i => i.CitizenId == c.Id && i.Kind == IdentityKind.Phone && i.Value == phone));
        }

        if (!string.IsNullOrWhiteSpace(query.Email))
        {
            var (email, error) = IdentityNormalizer.NormalizeEmail(query.Email);
            if (email is null)
            {
                return OutcomeProblem.Invalid("email", error!);
            }

            citizens = citizens.Where(c => db.ChannelIdentities.Any(i => i.CitizenId == c.Id && i.Kind == IdentityKind.Email && i.Value == email));
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            if (query.Q.Length > 200)
            {
                return OutcomeProblem.Invalid("q", "Must be at most 200 characters.");
            }

            citizens = FreeText(citizens, query.Q.Trim());
        }

        // Anyone on staff finds a caller by name or reference; their contact details and cases show only to those who may see them.
        var visibleCases = await access.CasesAsync(db.Cases, cancellationToken);
        var results = await citizens
            .OrderBy(c => c.FamilyKey).ThenBy(c => c.GivenKey).ThenBy(c => c.Id)
            .Take(MaxResults)
            .Select(c => new CitizenSummary(
                c.Id,
                ((c.GivenName ?? "") + " " + (c.FamilyName ?? "")).Trim(),
                c.DateOfBirth,
                c.Identities.Where(i => i.Kind == IdentityKind.Phone).OrderByDescending(i => i.Verified).Select(i => i.Display).FirstOrDefault(),
                c.Identities.Where(i => i.Kind == IdentityKind.Email).OrderByDescending(i => i.Verified).Select(i => i.Display).FirstOrDefault(),
                c.PreferredLanguage,
                c.IsProvisional,
                visibleCases.Count(k => k.CitizenId == c.Id && k.Status != CaseStatus.Resolved && k.Status != CaseStatus.Closed)))
            .ToListAsync(cancellationToken);
        var allowed = await access.CitizensAsync(results.Select(r => r.Id).ToList(), cancellationToken);
        return results
            .Select(r => allowed[r.Id].ContactDetails.Allowed ? r : r with { DateOfBirth = null, Phone = null, Email = null })
            .Select(r => r.DisplayName.Length > 0 ? r : r with { DisplayName = "Unknown contact" })
            .ToList();
    }

    private IQueryable<Citizen> FreeText(IQueryable<Citizen> citizens, string text)
    {
        if (CaseReference.Normalize(text) is { } reference)
        {
            return citizens.Where(c => db.Cases.Any(k => k.CitizenId == c.Id && k.Reference == reference));
        }

        if (text.Contains('@', StringComparison.Ordinal) && IdentityNormalizer.NormalizeEmail(text).Value is { } email)
        {
            return citizens.Where(c => db.ChannelIdentities.Any(i => i.CitizenId == c.Id && i.Kind == IdentityKind.Email && i.Value == email));
        }

        if (text.Count(char.IsDigit) >= 7 && normalizer.NormalizePhone(text).Value is { } phone)
        {
            return citizens.Where(c => db.ChannelIdentities.Any(i => i.CitizenId == c.Id && i.Kind == IdentityKind.Phone && i.Value == phone));
        }

        foreach (var word in NameKey.Of(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(4))
        {
            var prefix = word + "%";
            citizens = citizens.Where(c => EF.Functions.Like(c.FamilyKey!, prefix) || EF.Functions.Like(c.GivenKey!, prefix));
        }

        return citizens;
    }
}
