using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// The chain's hash: SHA-256 over a canonical line of the entry's fields and the previous hash. Fields are written
/// in a fixed order, each as its length and its text, so no value can be shifted into its neighbour.
/// </summary>
public static class AuditHash
{
    /// <summary>What the first entry of the chain names as its previous hash.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Compute(AuditEntry entry, long sequence, string previousHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(entry, sequence, previousHash))));

    public static string Canonical(AuditEntry entry, long sequence, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = new StringBuilder(512);
        Field(text, sequence.ToString(CultureInfo.InvariantCulture));
        Field(text, entry.Id.ToString(CultureInfo.InvariantCulture));
        // Ticks, not a formatted date: both databases keep microseconds at most, so the value survives a round trip.
        Field(text, (entry.OccurredAt.Ticks / 10 * 10).ToString(CultureInfo.InvariantCulture));
        Field(text, entry.ActorKind.ToString());
        Field(text, entry.ActorId);
        Field(text, entry.ActorName);
        Field(text, entry.ActorRole);
        Field(text, entry.ActorDepartments);
        Field(text, entry.Action.ToString());
        Field(text, entry.RecordKind);
        Field(text, entry.RecordId);
        Field(text, entry.CitizenId?.ToString("D"));
        Field(text, entry.Purpose);
        Field(text, entry.RemoteAddress);
        Field(text, entry.UserAgent);
        // Added later: written only when set, so entries sealed before these fields existed keep their hash.
        if (entry.CallerPurpose is not null || entry.AgreementId is not null)
        {
            Field(text, entry.CallerPurpose);
            Field(text, entry.AgreementId?.ToString("D"));
        }

        Field(text, previousHash);
        return text.ToString();
    }

    private static void Field(StringBuilder text, string? value)
    {
        if (value is null)
        {
            text.Append("-;");
            return;
        }

        text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');
    }
}
