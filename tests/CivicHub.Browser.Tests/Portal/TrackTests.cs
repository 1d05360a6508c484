using CivicHub.Browser.Tests.Hosting;

namespace CivicHub.Browser.Tests.Portal;

[Collection(BrowserCollection.Name)]
public sealed class TrackTests(PortalHost host)
{
    [Fact]
    public async Task A_request_is_tracked_by_reference_and_email_and_a_wrong_email_gets_the_neutral_answer()
    {
        var citizen = await host.NewPageAsync();
        var email = await Citizens.SignUpAsync(citizen, "Lena", "Fischer");
        var reference = await StaffApi.OpenCaseByPhoneAsync(host, await host.CitizenIdOfAsync(email), "Bill question by phone.");

        var visitor = await host.NewPageAsync();
        await visitor.GotoAsync("/track");
        await Accessibility.AssertNoSeriousViolationsAsync(visitor);
        await visitor.Locator("#reference").FillAsync(reference.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        await visitor.Locator("#contact").FillAsync(email.ToUpperInvariant());
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Track", Exact = true }).ClickAsync();

        var tracked = visitor.GetByTestId("tracked");
        await Assertions.Expect(tracked).ToContainTextAsync(reference);
        await Assertions.Expect(tracked.GetByTestId("status")).ToHaveTextAsync("Received");
        await Assertions.Expect(tracked).ToContainTextAsync("Phone call");
        // Messages stay behind the sign-in.
        await Assertions.Expect(visitor.GetByText("Bill question by phone.")).ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(visitor);
        await Screenshots.SaveAsync(visitor, "portal-track");

        var wrongEmail = await TrackAsync(reference, Citizens.NewEmail());
        var unknownReference = await TrackAsync("ZZZZ-ZZZZ", email);
        await Assertions.Expect(wrongEmail.GetByTestId("track-not-found")).ToBeVisibleAsync();
        await Assertions.Expect(wrongEmail.GetByTestId("tracked")).ToHaveCountAsync(0);
        Assert.Equal(
            await unknownReference.GetByTestId("track-not-found").InnerTextAsync(),
            await wrongEmail.GetByTestId("track-not-found").InnerTextAsync());
    }

    private async Task<IPage> TrackAsync(string reference, string contact)
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/track");
        await page.Locator("#reference").FillAsync(reference);
        await page.Locator("#contact").FillAsync(contact);
        await page.GetByRole(AriaRole.Button, new() { Name = "Track", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("track-not-found").Or(page.GetByTestId("tracked"))).ToBeVisibleAsync();
        return page;
    }
}
