using CivicHub.Browser.Tests.Hosting;

namespace CivicHub.Browser.Tests.Desk;

[Collection(BrowserCollection.Name)]
public sealed class ReplyTests(PortalHost host)
{
    [Fact]
    public async Task Agent_replies_from_the_case_and_the_message_is_queued_on_the_channel_the_rule_picks()
    {
        using var api = await host.StaffApiAsync("luis");
        var (citizenId, phone) = await api.NewCitizenAsync("Rhea", "Plibox");
        var reference = await api.NewCaseAsync(citizenId, "Broken swing in Lincoln Park");

        var page = await host.SignedInPageAsync("dana");
        await page.GotoAsync($"/desk/cases/{reference}");
        await Assertions.Expect(page.GetByTestId("case-status")).ToHaveTextAsync("Submitted");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        // A channel that cannot reach her is refused, saying why; nothing is queued.
        await page.GetByLabel("Your reply").FillAsync("The swing is fixed.");
        await page.GetByLabel("Send by").SelectOptionAsync("Social");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("reply-status")).ToContainTextAsync("cannot be reached by Social");
        Assert.DoesNotContain((await api.GetJsonAsync($"/api/v1/cases/{reference}/messages")).EnumerateArray(), m => m.GetProperty("kind").GetString() == "agent.reply");

        // Left to the product's rule, the phone-opened case is answered by text on her phone.
        await page.GetByLabel("Send by").SelectOptionAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        var queued = page.GetByTestId("reply-queued");
        await Assertions.Expect(queued).ToContainTextAsync("Sms");
        await Assertions.Expect(queued).ToContainTextAsync("Queued");
        await Assertions.Expect(queued).ToContainTextAsync("The swing is fixed.");
        await Assertions.Expect(page.GetByLabel("Your reply")).ToHaveValueAsync("");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        var messages = await api.GetJsonAsync($"/api/v1/cases/{reference}/messages");
        var reply = Assert.Single(messages.EnumerateArray(), m => m.GetProperty("kind").GetString() == "agent.reply");
        Assert.Equal("sms", reply.GetProperty("channel").GetString());
        Assert.Equal("queued", reply.GetProperty("status").GetString());
        Assert.EndsWith(new string(phone.Where(char.IsDigit).ToArray())[1..], reply.GetProperty("recipient").GetString(), StringComparison.Ordinal);
        Assert.Contains("The swing is fixed.", reply.GetProperty("body").GetString(), StringComparison.Ordinal);
    }
}
