using System.Text.Json;
using System.Text.Json.Serialization;

namespace CivicHub.Core.Citizens.Matching;

/// <summary>The total Fellegi-Sunter weight of a pair of records, with the per-field evidence behind it.</summary>
public sealed record MatchScore(double Score, IReadOnlyList<FieldEvidence> Evidence)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>A deterministic match on a normalised identity (phone, email, source record id).</summary>
    public static MatchScore ExactIdentity(string identity) =>
        new(MatchModel.ExactIdentityScore, []) { Identity = identity };

    /// <summary>Set when the match came from an exact identity ("phone", "email", "external_id"), not from the model.</summary>
    public string? Identity { get; init; }

    public string ToJson() => JsonSerializer.Serialize(
        Identity is not null
            ? new { exact = (string?)Identity, fields = Array.Empty<object>() }
            : new { exact = (string?)null, fields = Evidence.Select(e => new { field = e.Field, level = e.Level, weight = Math.Round(e.Weight, 2) }).ToArray<object>() },
        Json);
}
