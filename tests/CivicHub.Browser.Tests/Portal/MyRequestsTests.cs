using CivicHub.Browser.Tests.Hosting;
using CivicHub.Core.Interactions;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Browser.Tests.Portal;

[Collection(BrowserCollection.Name)]
public sealed class MyRequestsTests(PortalHost host)
{
    [Fact]
    public async Task A_case_opened_by_phone_shows_under_my_requests_and_the_citizen_replies_in_its_thread()
    {
        var page = await host.NewPageAsync();
        var email = await Citizens.SignUpAsync(page, "Abebe", "Girma");
        var citizenId = await host.CitizenIdOfAsync(email);
        var reference = await StaffApi.OpenCaseByPhoneAsync(host, citizenId, "Caller asks why the second instalment is higher.");

        await page.GotoAsync("/account/requests");
        var row = page.GetByTestId("requests").GetByRole(AriaRole.Row).Filter(new() { HasText = reference });
        await Assertions.Expect(row).ToContainTextAsync("Phone call");
        await Assertions.Expect(row).ToContainTextAsync("Question about a tax bill");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "portal-my-requests");

        await row.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
        var thread = page.GetByTestId("thread");
        await Assertions.Expect(thread).ToContainTextAsync("Caller asks why the second instalment is higher.");
        await page.GetByLabel("Write to the department").FillAsync("I can send a copy of the bill if that helps.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();

        await page.ArriveAtAsync($"**/account/requests/{reference}?sent=1");
        await Assertions.Expect(thread.Locator("li").Last).ToContainTextAsync("I can send a copy of the bill if that helps.");
        await Assertions.Expect(thread.Locator("li").Last).ToContainTextAsync("Website");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "portal-request");

        // The reply landed through intake like any channel's: a web interaction on the same case.
        var reply = await host.InDbAsync(db => db.Interactions
            .Where(i => i.CitizenId == citizenId && i.Body == "I can send a copy of the bill if that helps.")
            .Select(i => new { i.Channel, i.Direction, Reference = db.Cases.Where(c => c.Id == i.CaseId).Select(c => c.Reference).First() })
            .SingleAsync());
        Assert.Equal(Channel.Web, reply.Channel);
        Assert.Equal(Direction.Inbound, reply.Direction);
        Assert.Equal(reference, reply.Reference);
    }

    [Fact]
    public async Task Another_citizens_request_is_not_found()
    {
        var owner = await host.NewPageAsync();
        var ownerEmail = await Citizens.SignUpAsync(owner);
        var reference = await StaffApi.OpenCaseByPhoneAsync(host, await host.CitizenIdOfAsync(ownerEmail), "Private matter.");

        var stranger = await host.NewPageAsync();
        await Citizens.SignUpAsync(stranger);
        await stranger.GotoAsync($"/account/requests/{reference}");

        await Assertions.Expect(stranger.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("We could not find that request");
        await Assertions.Expect(stranger.GetByText("Private matter.")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task My_requests_asks_an_anonymous_visitor_to_sign_in_first()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/account/requests");

        await page.ArriveAtAsync("**/account/sign-in?ReturnUrl=*");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sign in");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
