using CivicHub.Core.Citizens;

namespace CivicHub.Core.Catalog;

/// <summary>
/// "Tell us once": answers a form's fields from what the citizen's record already holds, so nobody is asked
/// for their name, date of birth or address again.
/// </summary>
public static class Prefill
{
    /// <summary>
    /// Whether a prefill source reads what opening a case leaves unread unless a form asks for it: the citizen's
    /// addresses and demographics (stored as JSON) and date of birth (stored encrypted).
    /// </summary>
    public static bool ReadsWholeRecord(string source) => source is "citizen.address" or "citizen.district" or "citizen.dateOfBirth";

    public static Dictionary<string, string> From(Citizen citizen, IEnumerable<ChannelIdentity> identities)
    {
        var list = identities.ToList();
        var home = citizen.Addresses.FirstOrDefault(a => a.Kind == "home") ?? citizen.Addresses.FirstOrDefault();
        var known = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["citizen.givenName"] = citizen.GivenName,
            ["citizen.familyName"] = citizen.FamilyName,
            ["citizen.fullName"] = citizen.GivenName is null && citizen.FamilyName is null ? null : citizen.DisplayName,
            ["citizen.dateOfBirth"] = citizen.DateOfBirth?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["citizen.preferredLanguage"] = citizen.PreferredLanguage,
            ["citizen.email"] = list.Where(i => i.Kind == IdentityKind.Email).OrderByDescending(i => i.Verified).Select(i => i.Display).FirstOrDefault(),
            ["citizen.phone"] = list.Where(i => i.Kind == IdentityKind.Phone).OrderByDescending(i => i.Verified).Select(i => i.Value).FirstOrDefault(),
            ["citizen.address"] = home?.ToString(),
            ["citizen.district"] = citizen.Demographics.District,
        };
        return known.Where(k => !string.IsNullOrEmpty(k.Value)).ToDictionary(k => k.Key, k => k.Value!, StringComparer.Ordinal);
    }

    /// <summary>Fills the form's prefillable fields that the answers leave empty.</summary>
    public static Dictionary<string, string> Apply(Service service, Dictionary<string, string> answers, IReadOnlyDictionary<string, string> known)
    {
        var result = new Dictionary<string, string>(answers, StringComparer.Ordinal);
        foreach (var field in service.Fields)
        {
            if (field.PrefillFrom is { } source && !result.ContainsKey(field.Key) && known.TryGetValue(source, out var value))
            {
                result[field.Key] = value;
            }
        }

        return result;
    }
}
