using System.Text.RegularExpressions;
using CivicHub.Core.Cases;
using CivicHub.Core.Citizens;
using FsCheck;
using FsCheck.Fluent;

namespace CivicHub.Core.Tests.Fuzzing;

/// <summary>The parsers of what citizens type: case references, phone numbers, email addresses, postal addresses.</summary>
public sealed partial class ReferenceAndIdentityProperties
{
    private static readonly IdentityNormalizer Normalizer = new("US");

    [Fact]
    public void Any_text_is_either_no_reference_or_a_canonical_one_that_normalises_to_itself() =>
        Prop.ForAll(FuzzRuns.AnyText, text =>
        {
            var reference = CaseReference.Normalize(text);
            return reference is null || (Canonical().IsMatch(reference) && CaseReference.Normalize(reference) == reference);
        }).Check(FuzzRuns.Config);

    [Fact]
    public void A_new_reference_survives_being_read_out_in_lower_case_with_spaces() =>
        Prop.ForAll(ArbMap.Default.ArbFor<bool>(), spaced =>
        {
            var reference = CaseReference.New();
            var typed = reference.ToLowerInvariant().Replace("-", spaced ? " " : "", StringComparison.Ordinal);
            return CaseReference.Normalize(typed) == reference;
        }).Check(FuzzRuns.Config);

    [Fact]
    public void Every_single_mistyped_character_of_a_reference_is_caught() =>
        Prop.ForAll(Gen.Choose(0, 7).ToArbitrary(), Gen.Choose(1, CaseReference.Alphabet.Length - 1).ToArbitrary(), (position, shift) =>
        {
            var reference = CaseReference.New().Replace("-", "", StringComparison.Ordinal).ToCharArray();
            var index = CaseReference.Alphabet.IndexOf(reference[position], StringComparison.Ordinal);
            reference[position] = CaseReference.Alphabet[(index + shift) % CaseReference.Alphabet.Length];
            return CaseReference.Normalize(new string(reference)) is null;
        }).Check(FuzzRuns.Config);

    [Fact]
    public void Normalising_any_identity_answers_a_value_or_an_error_and_a_value_normalises_to_itself() =>
        Prop.ForAll(FuzzRuns.AnyText, Gen.Elements(IdentityKind.Phone, IdentityKind.Email, IdentityKind.Postal).ToArbitrary(), (text, kind) =>
        {
            var (value, error) = Normalizer.Normalize(kind, text);
            if (value is null)
            {
                return error is { Length: > 0 };
            }

            return error is null && value.Length <= Math.Max(text.Length, 16) && Normalizer.Normalize(kind, value).Value == value;
        }).Check(FuzzRuns.Config);

    [Fact]
    public void A_valid_phone_number_in_any_common_spelling_normalises_to_one_e164_value() =>
        Prop.ForAll(Gen.Choose(200, 989).ToArbitrary(), Gen.Choose(0, 9999).ToArbitrary(), (exchange, line) =>
        {
            var digits = $"217{exchange:D3}{line:D4}";
            var spellings = new[] { digits, $"+1{digits}", $"({digits[..3]}) {digits[3..6]}-{digits[6..]}", $"1.{digits[..3]}.{digits[3..6]}.{digits[6..]}" };
            var values = spellings.Select(s => Normalizer.Normalize(IdentityKind.Phone, s).Value).Distinct().ToList();
            return values.Count == 1;
        }).Check(FuzzRuns.Config);

    [GeneratedRegex("^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}$")]
    private static partial Regex Canonical();
}
