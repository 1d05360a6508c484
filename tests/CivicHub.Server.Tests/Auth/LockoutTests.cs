using CivicHub.Core.Access;
using CivicHub.Core.Staff;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Auth;

/// <summary>Five failed passwords or codes lock an account for a while, with no answer that tells a locked account from a wrong password.</summary>
public abstract class LockoutTests(CivicHubHost host)
{
    private static readonly Actor Administrator = new(ActorKind.Staff, Guid.NewGuid().ToString(), "Test administrator", StaffRole.Administrator);

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_then_even_the_right_ones_get_the_same_answer()
    {
        var (_, userName, secret) = await host.NewStaffAsync();
        var unknown = await (await host.PasswordGrantAsync("nobody-" + Guid.NewGuid().ToString("N")[..8], "whatever it is", "123456")).RefusedGrantAsync();
        var wrong = await (await host.PasswordGrantAsync(userName, "not the password", null)).RefusedGrantAsync();
        for (var i = 0; i < 4; i++)
        {
            await (await host.PasswordGrantAsync(userName, "not the password either", null)).RefusedGrantAsync();
        }

        var locked = await (await host.PasswordGrantAsync(userName, CivicHubHost.StaffPassword, await host.OneTimeCodeAsync(userName, secret))).RefusedGrantAsync();

        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, locked);
        Assert.NotNull(await host.InDbAsync(db => db.Staff.Where(s => s.UserName == userName).Select(s => s.LockedUntil).FirstAsync()));

        // The desk's form answers the same text for the locked account.
        using var browser = host.Browser();
        var (_, page) = await browser.SubmitAsync("/desk/sign-in", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = CivicHubHost.StaffPassword,
        });
        Assert.Contains(WebUtility.HtmlEncode(StaffSignIn.Refused), page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_codes_count_towards_the_lockout_too()
    {
        var (_, userName, secret) = await host.NewStaffAsync();
        var right = await host.OneTimeCodeAsync(userName, secret);
        var wrongCode = right == "000000" ? "000001" : "000000";
        for (var i = 0; i < 5; i++)
        {
            await (await host.PasswordGrantAsync(userName, CivicHubHost.StaffPassword, wrongCode)).RefusedGrantAsync();
        }

        await (await host.PasswordGrantAsync(userName, CivicHubHost.StaffPassword, right)).RefusedGrantAsync();
    }

    [Fact]
    public async Task Failures_spread_beyond_the_window_do_not_lock()
    {
        var (id, userName, secret) = await host.NewStaffAsync();
        for (var i = 0; i < 4; i++)
        {
            await (await host.PasswordGrantAsync(userName, "not the password", null)).RefusedGrantAsync();
        }

        // The first failures were longer ago than the 15-minute window.
        await host.InDbAsync(db => db.Staff.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.FailuresSince, DateTime.UtcNow.AddMinutes(-16))));
        await (await host.PasswordGrantAsync(userName, "not the password", null)).RefusedGrantAsync();

        await (await host.PasswordGrantAsync(userName, CivicHubHost.StaffPassword, await host.OneTimeCodeAsync(userName, secret))).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_administrator_unlocks_a_locked_account_and_a_lockout_that_has_ended_no_longer_refuses()
    {
        var (id, userName, secret) = await host.NewStaffAsync();
        for (var i = 0; i < 5; i++)
        {
            await (await host.PasswordGrantAsync(userName, "not the password", null)).RefusedGrantAsync();
        }

        await (await host.PasswordGrantAsync(userName, CivicHubHost.StaffPassword, await host.OneTimeCodeAsync(userName, secret))).RefusedGrantAsync();
        var listed = await host.InScopeAsync(sp => sp.GetRequiredService<StaffAdministration>().ListAsync(CancellationToken.None));
        Assert.NotNull(listed.Single(s => s.Id == id).LockedUntil);

        var agent = Administrator with { Role = StaffRole.Agent };
        var refused = await host.InScopeAsync(sp => sp.GetRequiredService<StaffAdministration>().UnlockAsync(id, agent, CancellationToken.None));
        Assert.False(refused.Succeeded);
        var unlocked = await host.InScopeAsync(sp => sp.GetRequiredService<StaffAdministration>().UnlockAsync(id, Administrator, CancellationToken.None));
        Assert.True(unlocked.Succeeded);
        await (await host.PasswordGrantAsync(userName, CivicHubHost.StaffPassword, await host.OneTimeCodeAsync(userName, secret))).JsonAsync(HttpStatusCode.OK);

        await host.InDbAsync(db => db.Staff.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.LockedUntil, DateTime.UtcNow.AddSeconds(-1))));
        await (await host.PasswordGrantAsync(userName, CivicHubHost.StaffPassword, await host.OneTimeCodeAsync(userName, secret))).JsonAsync(HttpStatusCode.OK);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LockoutOnSqlite(SqliteHost host) : LockoutTests(host);

[Collection(PostgresCollection.Name)]
public sealed class LockoutOnPostgres(PostgresHost host) : LockoutTests(host);
