using System.Text;
using CivicHub.Core.Staff;

namespace CivicHub.Core.Tests.Staff;

/// <summary>TOTP against the test vectors of RFC 6238 (appendix B, SHA-1) and base32 against RFC 4648's.</summary>
public sealed class TotpTests
{
    private static readonly byte[] Rfc6238Secret = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void Codes_match_the_RFC_6238_test_vectors(long unixTime, string expected)
    {
        var step = Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixTime));

        Assert.Equal(expected, Totp.Code(Rfc6238Secret, step, digits: 8));
        // Six digits, as authenticator apps show, are the last six of the eight.
        Assert.Equal(expected[2..], Totp.Code(Rfc6238Secret, step));
    }

    [Fact]
    public void A_code_matches_within_one_step_either_side_and_not_beyond()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1111111111);
        var step = Totp.StepAt(now);

        Assert.Equal(step - 1, Totp.MatchingStep(Rfc6238Secret, Totp.Code(Rfc6238Secret, step - 1), now));
        Assert.Equal(step, Totp.MatchingStep(Rfc6238Secret, Totp.Code(Rfc6238Secret, step), now));
        Assert.Equal(step + 1, Totp.MatchingStep(Rfc6238Secret, Totp.Code(Rfc6238Secret, step + 1), now));
        Assert.Null(Totp.MatchingStep(Rfc6238Secret, Totp.Code(Rfc6238Secret, step - 2), now));
        Assert.Null(Totp.MatchingStep(Rfc6238Secret, Totp.Code(Rfc6238Secret, step + 2), now));
        Assert.Null(Totp.MatchingStep(Rfc6238Secret, "12345", now));
        Assert.Null(Totp.MatchingStep(Rfc6238Secret, "abcdef", now));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("f", "MY")]
    [InlineData("fo", "MZXQ")]
    [InlineData("foo", "MZXW6")]
    [InlineData("foob", "MZXW6YQ")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI")]
    public void Base32_matches_RFC_4648_without_padding_and_reads_back(string text, string base32)
    {
        var bytes = Encoding.ASCII.GetBytes(text);

        Assert.Equal(base32, Totp.ToBase32(bytes));
        if (bytes.Length > 0)
        {
            Assert.Equal(bytes, Totp.FromBase32(base32.ToLowerInvariant()));
        }
    }

    [Fact]
    public void The_key_uri_names_issuer_account_and_parameters()
    {
        var uri = Totp.KeyUri("City of Springfield", "dana", Encoding.ASCII.GetBytes("foobar"));

        Assert.Equal("otpauth://totp/City%20of%20Springfield:dana?secret=MZXW6YTBOI&issuer=City%20of%20Springfield&algorithm=SHA1&digits=6&period=30", uri);
    }
}
