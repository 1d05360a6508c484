using System.Globalization;
using System.Text.Json;
using CivicHub.Core.Cases;
using CivicHub.Core.Citizens;
using CivicHub.Core.Citizens.Matching;
using CivicHub.Core.Drafts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CivicHub.Core.Privacy.Protection;

/// <summary>
/// The fields encrypted at rest, in one place (docs/privacy.md lists them and says why): the citizen's date of birth
/// and demographics, the matcher's copy of the date of birth and national id, the answers to sensitive form fields of
/// cases and drafts, the text of sensitive notes, and the matcher's blocking keys, which are stored as keyed hashes
/// because they are only ever looked up by equality.
/// </summary>
internal static class ProtectedFields
{
    public const int DateOfBirthColumnLength = 400;
    public const int DemographicsColumnLength = 4_000;

    public static void Configure(ModelBuilder modelBuilder, FieldProtection protection)
    {
        var dateOfBirth = new ValueConverter<DateOnly, string>(
            d => StoredDateOfBirth(protection, d),
            s => ReadDateOfBirth(protection.Unprotect(ProtectedFieldKind.DateOfBirth, s)));

        modelBuilder.Entity<Citizen>().Property(c => c.DateOfBirth).HasConversion(dateOfBirth).HasMaxLength(DateOfBirthColumnLength);
        modelBuilder.Entity<Citizen>().Property(c => c.Demographics)
            .HasConversion(
                new ValueConverter<Demographics, string>(
                    d => protection.Protect(ProtectedFieldKind.Demographics, DemographicsText(d)),
                    s => ReadDemographics(protection.Unprotect(ProtectedFieldKind.Demographics, s))),
                new ValueComparer<Demographics>(
                    (a, b) => JsonSerializer.Serialize(a, (JsonSerializerOptions?)null) == JsonSerializer.Serialize(b, (JsonSerializerOptions?)null),
                    d => JsonSerializer.Serialize(d, (JsonSerializerOptions?)null).GetHashCode(StringComparison.Ordinal),
                    d => ReadDemographics(JsonSerializer.Serialize(d, (JsonSerializerOptions?)null))))
            .HasMaxLength(DemographicsColumnLength);

        modelBuilder.Entity<CitizenMatchProfile>().Property(p => p.DateOfBirth).HasConversion(dateOfBirth).HasMaxLength(DateOfBirthColumnLength);
        modelBuilder.Entity<CitizenMatchProfile>().Property(p => p.NationalId)
            .HasConversion(new ValueConverter<string?, string>(
                v => protection.Protect(ProtectedFieldKind.NationalId, v!),
                s => protection.Unprotect(ProtectedFieldKind.NationalId, s)))
            .HasMaxLength(DateOfBirthColumnLength);

        // Sensitive answers are one JSON object per case or draft, encrypted whole: they are read whole, never searched.
        var sensitiveAnswers = Text(protection, ProtectedFieldKind.SensitiveFormAnswer);
        modelBuilder.Entity<Case>().Property(c => c.SensitiveAnswers).HasConversion(sensitiveAnswers);
        modelBuilder.Entity<Draft>().Property(d => d.SensitiveAnswers).HasConversion(sensitiveAnswers);
        modelBuilder.Entity<CaseChange>().Property(c => c.SensitiveText).HasConversion(Text(protection, ProtectedFieldKind.SensitiveNote));

        // One way: a key is written as its hash and read back as the hash (MatchProfiles.BlocksAsync maps it back).
        modelBuilder.Entity<CitizenMatchKey>().Property(k => k.Key)
            .HasConversion(v => LookupOf(protection, v), s => s);
    }

    private static ValueConverter<string?, string> Text(FieldProtection protection, ProtectedFieldKind kind) =>
        new(v => protection.Protect(kind, v!), s => protection.Unprotect(kind, s));

    /// <summary>The stored form of a blocking key; an already hashed key (read back from the table) is kept.</summary>
    public static string LookupOf(FieldProtection protection, string key) =>
        key.StartsWith(LookupPrefix, StringComparison.Ordinal) ? key : LookupPrefix + protection.LookupHash(key);

    public const string LookupPrefix = "h:";

    /// <summary>A date of birth as it is stored: its ISO date, encrypted.</summary>
    public static string StoredDateOfBirth(FieldProtection protection, DateOnly date) =>
        protection.Protect(ProtectedFieldKind.DateOfBirth, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>A date of birth from its decrypted (or, before encryption, plain) text.</summary>
    public static DateOnly ReadDateOfBirth(string plaintext) => DateOnly.ParseExact(plaintext, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Demographics as they are encrypted.</summary>
    public static string DemographicsText(Demographics demographics) => JsonSerializer.Serialize(demographics, (JsonSerializerOptions?)null);

    /// <summary>Reads what the Demographics column held, whether JSON written before encryption or decrypted JSON.</summary>
    public static Demographics ReadDemographics(string json) =>
        JsonSerializer.Deserialize<Demographics>(json, (JsonSerializerOptions?)null) ?? new Demographics();
}
