using System.Net;
using CivicHub.Browser.Tests.Hosting;

namespace CivicHub.Browser.Tests.Desk;

[Collection(BrowserCollection.Name)]
public sealed class CaseTests(PortalHost host)
{
    [Fact]
    public async Task Agent_takes_a_case_changes_its_status_and_adds_a_note_that_the_api_then_shows()
    {
        using var api = await host.StaffApiAsync("luis");
        var (citizenId, _) = await api.NewCitizenAsync("Casey", "Worksheet");
        var reference = await api.NewCaseAsync(citizenId, "Pothole on Maple Street");

        var page = await host.SignedInPageAsync("dana");
        await page.GotoAsync($"/desk/cases/{reference}");
        await Assertions.Expect(page.GetByTestId("case-status")).ToHaveTextAsync("Submitted");
        // Only the moves the workflow allows are offered: a submitted case cannot be closed straight away.
        var offered = await page.GetByLabel("Move to").Locator("option").AllInnerTextsAsync();
        Assert.Contains("In progress", offered);
        Assert.DoesNotContain("Closed", offered);
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Take this case" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-assignee")).ToHaveTextAsync("Dana Whitfield");

        await page.GetByLabel("Move to").SelectOptionAsync("InProgress");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change status" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-status")).ToHaveTextAsync("In progress");
        // Focus moves to the outcome, so a keyboard user hears it and carries on from there.
        await Assertions.Expect(page.GetByTestId("case-status-message").Locator(".usa-alert")).ToBeFocusedAsync();

        await page.GetByLabel("Internal note").FillAsync("Crew booked for Thursday.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-history")).ToContainTextAsync("Crew booked for Thursday.");
        await Screenshots.SaveAsync(page, "desk-case");

        var saved = await api.GetJsonAsync($"/api/v1/cases/{reference}");
        Assert.Equal("in_progress", saved.GetProperty("status").GetString());
        Assert.Equal("Dana Whitfield", saved.GetProperty("assignee").GetProperty("displayName").GetString());
        Assert.Contains(saved.GetProperty("history").EnumerateArray(), h => h.GetProperty("text").GetString() == "Crew booked for Thursday.");
    }

    [Fact]
    public async Task A_change_made_meanwhile_by_someone_else_is_shown_as_a_conflict_not_overwritten()
    {
        using var api = await host.StaffApiAsync("luis");
        var (citizenId, _) = await api.NewCitizenAsync("Connie", "Flict");
        var reference = await api.NewCaseAsync(citizenId, "Graffiti on the library wall");

        var page = await host.SignedInPageAsync("dana");
        await page.GotoAsync($"/desk/cases/{reference}");
        await Assertions.Expect(page.GetByTestId("case-status")).ToHaveTextAsync("Submitted");
        await api.PostJsonAsync($"/api/v1/cases/{reference}/status", new { status = "triaged" }, HttpStatusCode.OK);

        await page.GetByLabel("Move to").SelectOptionAsync("Resolved");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change status" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("case-status-message")).ToContainTextAsync("Changed by someone else");
        Assert.Equal("triaged", (await api.GetJsonAsync($"/api/v1/cases/{reference}")).GetProperty("status").GetString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Reload the case" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-status")).ToHaveTextAsync("Triaged");
    }
}
