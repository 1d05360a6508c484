using CivicHub.Core.Outcomes;
using CivicHub.Core.Passwords;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Tests.Passwords;

/// <summary>The NIST SP 800-63B password rule: length, the common-password list, the person's names, and nothing about character kinds.</summary>
public sealed class PasswordRulesTests
{
    private static readonly PasswordRules Rules = new(Options.Create(new PasswordOptions()));

    private static string? ErrorFor(string? password, params string?[] names)
    {
        var errors = new ValidationErrors();
        Rules.Check(password, errors, "password", names);
        return errors.Any ? OutcomeProblem.Invalid(errors).Errors!["password"][0] : null;
    }

    [Theory]
    [InlineData("lanterns over the river bend")]
    [InlineData("ALLCAPSNOSPACESATALL")]
    [InlineData("всё ещё длинный пароль")]
    [InlineData("🦆🦆 ducks in a row 🦆🦆")]
    public void Long_passwords_with_no_mix_of_character_kinds_are_accepted(string password) => Assert.Null(ErrorFor(password, "dana", "Dana Whitfield"));

    [Fact]
    public void Twelve_characters_is_the_default_minimum_counting_what_a_person_sees()
    {
        Assert.StartsWith("Must be at least 12", ErrorFor("eleven char"), StringComparison.Ordinal);
        Assert.Null(ErrorFor("twelve chars"));
        // An accented letter typed as letter + combining accent is one character.
        Assert.StartsWith("Must be at least 12", ErrorFor("cafe\u0301 creme"), StringComparison.Ordinal);
    }

    [Fact]
    public void Passwords_on_the_common_list_are_refused_whatever_their_case()
    {
        Assert.Contains("commonly used", ErrorFor("qwerty123456"), StringComparison.Ordinal);
        Assert.Contains("commonly used", ErrorFor("1QAZ2WSX3EDC"), StringComparison.Ordinal);
        Assert.Contains("commonly used", ErrorFor("aaaaaaaaaaaaaaaa"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("iloveyou1234")]
    [InlineData("michaeljordan")]
    [InlineData("passwordpassword")]
    [InlineData("qwertyuiopasdfghjkl")]
    [InlineData("qazwsxedcrfvtgbyhnujmikolp")]
    public void Breached_passwords_of_twelve_characters_and_more_are_refused(string password) =>
        Assert.Contains("commonly used", ErrorFor(password), StringComparison.Ordinal);

    [Theory]
    [InlineData("MichaelJordan")]
    [InlineData("PASSWORDPASSWORD")]
    [InlineData("ｉｌｏｖｅｙｏｕ１２３４")]
    [InlineData("ＱｗｅｒｔｙｕｉｏｐＡＳＤＦＧＨＪＫＬ")]
    public void Case_and_compatibility_variants_of_a_breached_password_are_refused(string password) =>
        Assert.Contains("commonly used", ErrorFor(password), StringComparison.Ordinal);

    [Theory]
    [InlineData("sorrel kettle midnight harbour")]
    [InlineData("quietly-folding-7-paper-cranes")]
    public void A_long_random_passphrase_is_accepted(string password) => Assert.Null(ErrorFor(password));

    [Fact]
    public void A_host_asking_eight_characters_refuses_breached_passwords_of_eight()
    {
        var rules = new PasswordRules(Options.Create(new PasswordOptions { MinLength = 8 }));
        var errors = new ValidationErrors();
        rules.Check("sunshine1", errors, "password");
        Assert.True(errors.Any);
        var accepted = new ValidationErrors();
        rules.Check("tqv8#Lm2", accepted, "password");
        Assert.False(accepted.Any);
    }

    [Fact]
    public void Passwords_holding_the_persons_name_or_user_name_are_refused()
    {
        Assert.Contains("name", ErrorFor("whitfield rules the desk", "dana", "Dana Whitfield"), StringComparison.Ordinal);
        Assert.Contains("name", ErrorFor("my user name is priya.raman", "priya.raman"), StringComparison.Ordinal);
        Assert.Contains("name", ErrorFor("marguerite at home", "marguerite@mail.example"), StringComparison.Ordinal);
        // The email's domain is not the person's.
        Assert.Null(ErrorFor("example of a passphrase", "marguerite@mail.example"));
    }

    [Fact]
    public void Passwords_longer_than_the_maximum_are_refused()
    {
        Assert.Null(ErrorFor(new string('x', 127) + "y"));
        Assert.StartsWith("Must be at most 128", ErrorFor(new string('x', 128) + "y"), StringComparison.Ordinal);
    }

    [Fact]
    public void Normalisation_makes_compatibility_forms_the_same_password()
    {
        Assert.Equal("cafe au lait", PasswordRules.Normalize("ｃａｆｅ au lait"));
        Assert.Equal("café", PasswordRules.Normalize("cafe\u0301"));
    }
}
