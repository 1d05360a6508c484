using System.Globalization;
using CivicHub.Browser.Tests.Desk;
using CivicHub.Browser.Tests.Hosting;

namespace CivicHub.Browser.Tests.Privacy;

/// <summary>The audit log as people see it: the citizen's "who has looked at my record" and the supervisor's page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditPagesTests(PortalHost host)
{
    [Fact]
    public async Task A_citizen_sees_that_the_contact_centre_looked_at_their_record_without_a_staff_name()
    {
        var page = await host.NewPageAsync();
        var email = await Citizens.SignUpAsync(page, "Rosa", "Delgado");
        var citizenId = await host.CitizenIdOfAsync(email);
        using var dana = await host.StaffApiAsync("dana");
        await dana.GetJsonAsync($"/api/v1/citizens/{citizenId}");

        await page.GotoAsync("/account/profile");
        await page.GetByRole(AriaRole.Link, new() { Name = "See who has looked at my record" }).ClickAsync();
        await page.ArriveAtAsync("**/account/access");
        var row = page.GetByTestId("access-log").GetByRole(AriaRole.Row).Filter(new() { HasText = "Looked at your record" });
        await Assertions.Expect(row).ToContainTextAsync("311 Contact Centre (contact agent)");
        // Dana saw the record through the contact centre's agreement: the citizen is told its purpose.
        await Assertions.Expect(row).ToContainTextAsync("Answering citizens' enquiries on any channel.");
        await Assertions.Expect(page.GetByTestId("access-log")).Not.ToContainTextAsync("Dana");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "portal-access-log");
    }

    [Fact]
    public async Task A_supervisor_filters_the_audit_log_by_citizen_and_an_agent_may_not_open_it()
    {
        using var dana = await host.StaffApiAsync("dana");
        var (citizenId, _) = await dana.NewCitizenAsync("Audit", "Subject");
        await dana.GetJsonAsync($"/api/v1/citizens/{citizenId}");

        var page = await host.SignedInPageAsync("priya");
        // Priya's own look at the 360 view on the desk is recorded from her browser's circuit connection.
        await page.GotoAsync($"/desk/citizens/{citizenId}");
        await Assertions.Expect(page.GetByTestId("citizen-name")).ToHaveTextAsync("Audit Subject");
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit", Exact = true }).ClickAsync();
        await page.ArriveAtAsync("**/desk/audit");
        await page.GetByLabel("Citizen id").FillAsync(citizenId.ToString());
        await page.GetByLabel("Action").SelectOptionAsync("read");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("audit-status")).ToHaveTextAsync("2 entries shown.");
        var reads = page.GetByTestId("audit-entries").Locator("tbody tr");
        await Assertions.Expect(reads.Filter(new() { HasText = "Dana Whitfield" })).ToContainTextAsync("Answering citizens' enquiries on any channel.");
        var desk = reads.Filter(new() { HasText = "Priya" });
        await Assertions.Expect(desk).ToContainTextAsync("supervisor");
        await Assertions.Expect(desk).ToContainTextAsync("127.0.0.1");
        await Assertions.Expect(page.GetByTestId("audit-export-csv")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"citizenId={citizenId}"));

        // Times are the jurisdiction's (the demo's is America/Chicago), shown and typed alike: a "from" a couple of
        // minutes ahead on Chicago's clocks leaves nothing, which it would not if it were read as UTC.
        var chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var offset = chicago.GetUtcOffset(DateTime.UtcNow);
        await Assertions.Expect(desk).ToContainTextAsync($"UTC−{offset.Duration():hh\\:mm}");
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, chicago);
        await page.GetByLabel("From").FillAsync(local.AddMinutes(2).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("audit-status")).ToHaveTextAsync("No entries match.");
        await page.GetByLabel("From").FillAsync(local.AddMinutes(-10).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        // Dana's read is back (with the supervisor's own looks at the log since, which are reads of the citizen too).
        await Assertions.Expect(reads.Filter(new() { HasText = "Dana Whitfield" })).ToHaveCountAsync(1);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "desk-audit");

        var agent = await host.SignedInPageAsync("dana");
        await Assertions.Expect(agent.GetByRole(AriaRole.Link, new() { Name = "Audit" })).ToHaveCountAsync(0);
        await agent.GotoAsync("/desk/audit");
        await agent.ArriveAtAsync("**/desk/denied**");
    }
}
