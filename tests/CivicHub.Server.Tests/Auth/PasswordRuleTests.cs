using CivicHub.Core.Access;
using CivicHub.Core.Accounts;
using CivicHub.Core.Staff;
using CivicHub.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Auth;

/// <summary>One password rule (NIST SP 800-63B) wherever a password is set: staff by an administrator, citizens at portal sign-up.</summary>
public abstract class PasswordRuleTests(CivicHubHost host)
{
    private static readonly Actor Administrator = new(ActorKind.Staff, Guid.NewGuid().ToString(), "Test administrator", StaffRole.Administrator);

    [Theory]
    [InlineData("short pass")]
    [InlineData("qwerty123456")]
    [InlineData("1qaz2wsx3edc")]
    [InlineData("my name is rivera-quinn ok")]
    public async Task A_staff_password_that_is_short_common_or_holds_the_user_name_is_refused_naming_the_field(string password)
    {
        var saved = await SaveStaffAsync("rivera-quinn" + Guid.NewGuid().ToString("N")[..4], password);

        Assert.False(saved.Succeeded);
        Assert.Contains("newPassword", saved.Problem!.Errors!.Keys);
    }

    [Fact]
    public async Task A_long_passphrase_in_any_script_with_no_digits_or_symbols_is_accepted_and_signs_in_normalised()
    {
        // Full-width letters are the same password as ASCII ones once NFKC-normalised.
        var userName = "t" + Guid.NewGuid().ToString("N")[..10];
        var saved = await SaveStaffAsync(userName, "ｃａｆé au lait sur la terrasse ☕");
        Assert.True(saved.Succeeded, saved.Problem?.Detail);

        var signIn = await host.InScopeAsync(sp => sp.GetRequiredService<StaffSignIn>().PasswordAsync(userName, "café au lait sur la terrasse ☕", CancellationToken.None));
        Assert.NotEqual(StaffSignIn.Step.Refused, signIn.Step);
    }

    [Fact]
    public async Task A_citizen_sign_up_with_a_common_password_or_their_name_is_refused_naming_the_field()
    {
        async Task<IReadOnlyCollection<string>> SignUpAsync(string password) =>
            (await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccounts>().SignUpAsync(
                new CitizenAccounts.SignUpRequest("Marguerite", "Okonkwo", $"{Guid.NewGuid():N}@mail.example", password, "en", "http://portal.example/account/verify"),
                CancellationToken.None))).Problem?.Errors?.Keys.ToList() ?? [];

        Assert.Contains("password", await SignUpAsync("123456qwerty"));
        Assert.Contains("password", await SignUpAsync("marguerite okonkwo"));
        Assert.Contains("password", await SignUpAsync("eleven char"));
        Assert.DoesNotContain("password", await SignUpAsync("lanterns over the river bend"));
    }

    private Task<Core.Outcomes.Outcome<StaffAdministration.View>> SaveStaffAsync(string userName, string password) =>
        host.InScopeAsync(sp => sp.GetRequiredService<StaffAdministration>().SaveAsync(
            null, new StaffAdministration.Input(userName, "Quinn Rivera", null, StaffRole.Agent, [], true, password), Administrator, CancellationToken.None));
}

[Collection(SqliteCollection.Name)]
public sealed class PasswordRuleOnSqlite(SqliteHost host) : PasswordRuleTests(host);

[Collection(PostgresCollection.Name)]
public sealed class PasswordRuleOnPostgres(PostgresHost host) : PasswordRuleTests(host);
