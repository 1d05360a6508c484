using CivicHub.Browser.Tests.Hosting;
using CivicHub.Core.Access;
using CivicHub.Core.Data;
using CivicHub.Core.Demo;
using CivicHub.Core.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Browser.Tests.Desk;

/// <summary>
/// An agent whose account is deactivated while a desk page is open acts for nobody from then on and is sent to sign
/// in again: the page's circuit would otherwise keep the sign-in it started with for hours.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DeactivationTests(PortalHost host)
{
    [Fact]
    public async Task An_agent_deactivated_with_the_desk_open_is_signed_out_at_the_next_step()
    {
        var (id, userName) = await NewAgentAsync();
        var page = await host.SignedInPageAsync(userName);

        await DeactivateAsync(id, userName);

        // The next page the open desk loads that acts asks who acts, and the browser goes to sign in. The citizens page
        // acts only once something is searched; the inbox acts as it loads. Each click waits for the page before: a
        // click on the inbox's link while the inbox's address is still shown would load nothing.
        // The desk's own navigation: other tests' citizens (an "Inbox Arrival") are listed on these pages too.
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Desk", Exact = true });
        await nav.GetByRole(AriaRole.Link, new() { Name = "Citizens", Exact = true }).ClickAsync();
        await page.ArriveAtAsync("**/desk/citizens");
        await nav.GetByRole(AriaRole.Link, new() { Name = "Inbox", Exact = true }).ClickAsync();
        await page.ArriveAtAsync("**/desk/sign-in?ended=1");
        await Assertions.Expect(page.GetByTestId("session-ended")).ToContainTextAsync("no longer active in the role you signed in with");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        // The desk's cookie ended with it.
        await page.GotoAsync("/desk");
        await page.ArriveAtAsync("**/desk/sign-in**");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the desk" })).ToBeVisibleAsync();
    }

    // An agent of the contact centre, with the demo's password and an authenticator the host can make codes for.
    private async Task<(Guid Id, string UserName)> NewAgentAsync()
    {
        var userName = "t" + Guid.NewGuid().ToString("N")[..12];
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CivicHubDb>();
        var contact = await db.Departments.Where(d => d.Code == "CONTACT").Select(d => d.Id).SingleAsync();
        var staff = new StaffMember { Id = Guid.CreateVersion7(), UserName = userName, DisplayName = "Test " + userName, Role = StaffRole.Agent };
        staff.PasswordHash = StaffPasswords.Hash(staff, PortalHost.StaffPassword);
        staff.TotpSecret = scope.ServiceProvider.GetRequiredService<StaffSecrets>().Protect(DemoStaff.TotpSecret(PortalHost.StaffTotpSeed, userName));
        staff.Departments.Add(new StaffDepartment { StaffId = staff.Id, DepartmentId = contact });
        db.Staff.Add(staff);
        await db.SaveChangesAsync();
        return (staff.Id, userName);
    }

    // As an administrator does in /admin/staff.
    private async Task DeactivateAsync(Guid id, string userName)
    {
        using var scope = host.Services.CreateScope();
        var administrator = new Actor(ActorKind.Staff, Guid.NewGuid().ToString(), "Test administrator", StaffRole.Administrator);
        var input = new StaffAdministration.Input(userName, "Test " + userName, null, StaffRole.Agent, [], Active: false, NewPassword: null);
        var saved = await scope.ServiceProvider.GetRequiredService<StaffAdministration>().SaveAsync(id, input, administrator, CancellationToken.None);
        Assert.True(saved.Succeeded, saved.Problem?.ToString());
    }
}
