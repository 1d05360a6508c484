using System.Net;
using CivicHub.Browser.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Browser.Tests.Desk;

[Collection(BrowserCollection.Name)]
public sealed class InboxTests(PortalHost host)
{
    [Fact]
    public async Task Desk_pages_send_staff_to_sign_in_and_a_wrong_password_is_refused()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/desk");
        Assert.Equal("/desk/sign-in", new Uri(page.Url).AbsolutePath);

        await page.GetByLabel("User name").FillAsync("dana");
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("sign-in-error")).ToBeVisibleAsync();
        Assert.Equal("/desk/sign-in", new Uri(page.Url).AbsolutePath);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task Staff_signs_in_and_a_contact_arriving_through_the_api_appears_in_the_inbox_without_reload()
    {
        var page = await host.SignedInPageAsync("dana");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Inbox");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "desk-inbox");

        using var api = await host.StaffApiAsync("luis");
        var (citizenId, _) = await api.NewCitizenAsync("Inbox", "Arrival");
        var reference = await api.NewCaseAsync(citizenId, "Streetlight out on Oak Avenue " + Guid.NewGuid().ToString("N")[..6]);

        // The same document, never reloaded: a marker set in the page survives only if there was no navigation.
        await page.EvaluateAsync("() => window.__deskMarker = 'still here'");
        var row = page.Locator($"tr[data-reference='{reference}']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row).ToContainTextAsync("Inbox Arrival");
        Assert.Equal("still here", await page.EvaluateAsync<string>("() => window.__deskMarker"));
        await Assertions.Expect(page.GetByTestId("inbox-announcement")).ToContainTextAsync("Inbox updated");

        // A logged phone call on the case moves it too; the inbox reads its channel from the latest activity.
        await api.PostJsonAsync("/api/v1/interactions", new
        {
            citizenId,
            caseReference = reference,
            channel = "in_person",
            body = "Came to the counter to ask about it.",
        }, HttpStatusCode.Created);
        await Assertions.Expect(row).ToContainTextAsync("In person");
        Assert.Equal("still here", await page.EvaluateAsync<string>("() => window.__deskMarker"));
    }

    [Fact]
    public async Task The_inbox_narrows_to_the_cases_of_the_member_signed_in_or_to_those_nobody_has_taken()
    {
        var page = await host.SignedInPageAsync("dana");
        using var api = await host.StaffApiAsync("dana");
        var (citizenId, _) = await api.NewCitizenAsync("Assigned", "Tome");
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var untaken = await api.NewCaseAsync(citizenId, "Graffiti on the underpass " + suffix);
        var taken = await api.NewCaseAsync(citizenId, "Broken bench in Elm Park " + suffix);
        var dana = await host.InDbAsync(db => db.Staff.SingleAsync(s => s.UserName == "dana"));
        await api.PostJsonAsync($"/api/v1/cases/{taken}/assignment", new { assigneeId = dana.Id }, HttpStatusCode.OK);
        var takenRow = page.Locator($"tr[data-reference='{taken}']");
        var untakenRow = page.Locator($"tr[data-reference='{untaken}']");
        var assignees = page.GetByTestId("inbox").Locator("td[data-label='Assignee']");

        await page.GetByLabel("Assigned to").SelectOptionAsync(new SelectOptionValue { Label = "Me" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
        await Assertions.Expect(takenRow).ToBeVisibleAsync();
        await Assertions.Expect(untakenRow).ToHaveCountAsync(0);
        Assert.All(await assignees.AllInnerTextsAsync(), name => Assert.Equal(dana.DisplayName, name));

        await page.GetByLabel("Assigned to").SelectOptionAsync(new SelectOptionValue { Label = "Nobody yet" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
        await Assertions.Expect(untakenRow).ToBeVisibleAsync();
        await Assertions.Expect(takenRow).ToHaveCountAsync(0);
        Assert.All(await assignees.AllInnerTextsAsync(), name => Assert.Equal("Unassigned", name));
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
