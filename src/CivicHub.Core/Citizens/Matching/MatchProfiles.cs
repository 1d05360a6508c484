using CivicHub.Core.Data;
using CivicHub.Core.Privacy.Protection;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Citizens.Matching;

/// <summary>Files citizens for matching (a profile and its blocking keys) and finds candidates for new records by key.</summary>
public static class MatchProfiles
{
    /// <summary>The largest block read for one key: a very common name is a weak key, and a runaway block would be slow.</summary>
    public const int MaxBlock = 500;

    public static MatchRecord RecordOf(Citizen citizen)
    {
        ArgumentNullException.ThrowIfNull(citizen);
        var address = citizen.Addresses.FirstOrDefault();
        var (number, street) = MatchRecord.SplitLine(address?.Line1);
        return MatchRecord.From(citizen.GivenName, citizen.FamilyName, citizen.DateOfBirth, number, street, address?.City, address?.PostalCode, null);
    }

    /// <summary>Adds the citizen's profile and keys to the unit of work.</summary>
    public static void AddMatchProfile(this CivicHubDb db, Guid citizenId, MatchRecord record)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.CitizenMatchProfiles.Add(CitizenMatchProfile.Of(citizenId, record));
        foreach (var key in BlockingKeys.Of(record).Distinct())
        {
            db.CitizenMatchKeys.Add(new CitizenMatchKey { Key = key, CitizenId = citizenId });
        }
    }

    public static void AddMatchProfile(this CivicHubDb db, Citizen citizen) => db.AddMatchProfile(citizen.Id, RecordOf(citizen));

    /// <summary>The current (not merged-away) citizens filed under any of these keys, by key.</summary>
    public static async Task<Dictionary<string, List<CitizenMatchProfile>>> BlocksAsync(this CivicHubDb db, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var result = new Dictionary<string, List<CitizenMatchProfile>>(StringComparer.Ordinal);
        // Keys are stored as keyed hashes (some hold a date of birth or a national id); rows come back hashed.
        var protection = ProtectedModelCacheKeyFactory.FieldProtectionOf(db);
        var keyOfHash = keys.Distinct().ToDictionary(k => ProtectedFields.LookupOf(protection, k), StringComparer.Ordinal);
        foreach (var chunk in keys.Distinct().Chunk(1000))
        {
            var rows = await (
                from k in db.CitizenMatchKeys
                where chunk.Contains(k.Key)
                join p in db.CitizenMatchProfiles on k.CitizenId equals p.CitizenId
                join c in db.Citizens on p.CitizenId equals c.Id
                where c.MergedIntoId == null
                select new { k.Key, Profile = p })
                .AsNoTracking()
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                var key = keyOfHash.GetValueOrDefault(row.Key, row.Key);
                if (!result.TryGetValue(key, out var block))
                {
                    block = [];
                    result[key] = block;
                }

                if (block.Count < MaxBlock)
                {
                    block.Add(row.Profile);
                }
            }
        }

        return result;
    }

    /// <summary>Files citizens that have no profile yet (registered before matching existed, or by the demo seeder).</summary>
    public static async Task<int> BackfillAsync(this CivicHubDb db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var total = 0;
        while (true)
        {
            var citizens = await db.Citizens.AsNoTracking()
                .Where(c => !db.CitizenMatchProfiles.Any(p => p.CitizenId == c.Id))
                .OrderBy(c => c.Id).Take(1000).ToListAsync(cancellationToken);
            if (citizens.Count == 0)
            {
                return total;
            }

            foreach (var citizen in citizens)
            {
                db.AddMatchProfile(citizen);
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            total += citizens.Count;
        }
    }
}
