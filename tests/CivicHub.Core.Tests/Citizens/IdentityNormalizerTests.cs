using CivicHub.Core.Citizens;

namespace CivicHub.Core.Tests.Citizens;

public sealed class IdentityNormalizerTests
{
    private readonly IdentityNormalizer _normalizer = new("US");

    [Theory]
    [InlineData("(217) 555-0142", "+12175550142")]
    [InlineData("217.555.0142", "+12175550142")]
    [InlineData("+1 217 555 0142", "+12175550142")]
    [InlineData("1-217-555-0142", "+12175550142")]
    [InlineData("+34 912 34 56 78", "+34912345678")]
    [InlineData("+52 55 1234 5678", "+525512345678")]
    public void Phones_become_E164(string raw, string expected) => Assert.Equal(expected, _normalizer.NormalizePhone(raw).Value);

    [Theory]
    [InlineData("12")]
    [InlineData("call me")]
    [InlineData("+1 000 000 0000")]
    public void Invalid_phones_are_refused_with_a_reason(string raw)
    {
        var (value, error) = _normalizer.NormalizePhone(raw);
        Assert.Null(value);
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData("Rosa.Delgado@Example.ORG", "rosa.delgado@example.org")]
    [InlineData("  marcus@mail.example ", "marcus@mail.example")]
    public void Emails_are_case_folded(string raw, string expected) => Assert.Equal(expected, IdentityNormalizer.NormalizeEmail(raw).Value);

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("Rosa <rosa@example.org>")]
    [InlineData("a@")]
    public void Invalid_emails_are_refused(string raw) => Assert.Null(IdentityNormalizer.NormalizeEmail(raw).Value);

    [Fact]
    public void Postal_addresses_are_compared_without_case_punctuation_or_spacing() =>
        Assert.Equal(
            _normalizer.Normalize(IdentityKind.Postal, "12 Elm St., Springfield").Value,
            _normalizer.Normalize(IdentityKind.Postal, "12  ELM ST  SPRINGFIELD").Value);

    [Theory]
    [InlineData("José O'Neil", "jose oneil")]
    [InlineData("  MARÍA-JOSÉ  ", "maria jose")]
    [InlineData("Nguyễn", "nguyen")]
    [InlineData("100%_", "100")]
    public void Names_fold_for_search(string name, string key) => Assert.Equal(key, NameKey.Of(name));
}
