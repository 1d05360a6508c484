using System.Text.RegularExpressions;
using CivicHub.Browser.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Browser.Tests.Desk;

[Collection(BrowserCollection.Name)]
public sealed class ChatTests(PortalHost host)
{
    [Fact]
    public async Task Agent_takes_a_widget_chat_in_the_desk_and_the_visitor_sees_the_reply_live()
    {
        var question = $"When is the bulky waste pickup on Elm Street? ({Guid.NewGuid():N})";
        const string answer = "Every second Tuesday; put it out the evening before.";

        // The agents are on the chat page before the visitor writes: the chat must appear without a reload.
        var desk = await host.SignedInPageAsync("dana");
        await desk.GetByRole(AriaRole.Link, new() { Name = "Chats", Exact = true }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Chats", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "No chat taken" })).ToBeVisibleAsync();
        var colleague = await host.SignedInPageAsync("luis");
        await colleague.GotoAsync("/desk/chats");
        await Assertions.Expect(colleague.GetByRole(AriaRole.Heading, new() { Name = "No chat taken" })).ToBeVisibleAsync();

        var visitor = await CityPageAsync("Bulky waste", "/services/bulky-waste");
        await visitor.Locator("#civichub-chat-open").ClickAsync();
        await visitor.Locator("#civichub-chat-input").FillAsync(question);
        await visitor.Locator("#civichub-chat-send").ClickAsync();
        await Assertions.Expect(visitor.Locator("#civichub-chat-log")).ToContainTextAsync(question);

        var waiting = desk.GetByTestId("chat-waiting").Locator("li", new() { HasText = question });
        await Assertions.Expect(waiting).ToBeVisibleAsync();
        await Assertions.Expect(colleague.GetByTestId("chat-waiting").Locator("li", new() { HasText = question })).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(desk);

        await waiting.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(desk.GetByTestId("chat-messages")).ToContainTextAsync(question);
        await Assertions.Expect(desk.GetByLabel("Your reply")).ToBeFocusedAsync();
        await Assertions.Expect(desk.GetByTestId("chat-citizen-link")).ToHaveAttributeAsync("href", new Regex("^desk/citizens/[0-9a-f-]{36}$"));
        await Assertions.Expect(desk.GetByTestId("timeline")).ToContainTextAsync(question);
        await Assertions.Expect(visitor.Locator("#civichub-chat-log")).ToContainTextAsync("joined the chat");

        // The colleague still sees it listed, and is told plainly that it is taken.
        await colleague.GetByTestId("chat-waiting").Locator("li", new() { HasText = question }).GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(colleague.GetByTestId("chat-error")).ToContainTextAsync("has already taken this conversation");

        await desk.GetByLabel("Your reply").FillAsync(answer);
        await desk.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Assertions.Expect(desk.GetByTestId("chat-messages")).ToContainTextAsync(answer);
        await Assertions.Expect(desk.GetByLabel("Your reply")).ToHaveValueAsync("");
        await Assertions.Expect(visitor.Locator("#civichub-chat-log")).ToContainTextAsync(answer);

        // The visitor writes again: the agent sees it without a reload.
        await visitor.Locator("#civichub-chat-input").FillAsync("Thanks, and for old mattresses?");
        await visitor.Locator("#civichub-chat-send").ClickAsync();
        await Assertions.Expect(desk.GetByTestId("chat-messages")).ToContainTextAsync("for old mattresses?");
        await Assertions.Expect(desk.GetByTestId("chat-announcement")).ToHaveTextAsync("New message from the citizen.");

        await Accessibility.AssertNoSeriousViolationsAsync(desk);
        await Accessibility.AssertNoSeriousViolationsAsync(visitor);
        await Screenshots.SaveAsync(desk, "desk-chat");
    }

    [Fact]
    public async Task A_chat_whose_citizen_signed_out_everywhere_is_read_but_not_answered_in_the_desk()
    {
        var marker = Guid.NewGuid().ToString("N");
        var question = $"{marker}: is the pool open on Sunday?";
        var desk = await host.SignedInPageAsync("dana");
        await desk.GotoAsync("/desk/chats");
        var visitor = await CityPageAsync("Pools", "/services/pools");
        await visitor.Locator("#civichub-chat-open").ClickAsync();
        await visitor.Locator("#civichub-chat-input").FillAsync(question);
        await visitor.Locator("#civichub-chat-send").ClickAsync();
        var waiting = desk.GetByTestId("chat-waiting").Locator("li", new() { HasText = marker });
        await Assertions.Expect(waiting).ToBeVisibleAsync();

        // What "Sign out everywhere" does to the citizen's chat sessions (Server.Tests' SingleSignOnTests drive it end to end).
        await host.InDbAsync(async db =>
        {
            var sessionId = await db.ChatConversations.Where(c => c.Preview.Contains(marker)).Select(c => c.SessionId).SingleAsync();
            return await db.ChatSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, DateTime.UtcNow));
        });

        await waiting.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(desk.GetByTestId("chat-messages")).ToContainTextAsync(question);
        await Assertions.Expect(desk.GetByTestId("chat-ended")).ToContainTextAsync("signed out everywhere");
        await Assertions.Expect(desk.GetByLabel("Your reply")).ToHaveCountAsync(0);
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Chat with", Level = 2 })).ToBeFocusedAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(desk);

        await desk.GetByRole(AriaRole.Button, new() { Name = "Close the chat", Exact = true }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "No chat taken" })).ToBeVisibleAsync();
    }

    /// <summary>A page of the city's own site, on an allowed origin, with the one script tag that brings the chat.</summary>
    private async Task<IPage> CityPageAsync(string title, string path)
    {
        var visitor = await host.NewPageAsync();
        await visitor.RouteAsync($"{PortalHost.CityOrigin}/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/html; charset=utf-8",
            Body = $"""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>{title} – City of Example</title></head>
                <body><main><h1>{title}</h1><p>Ask us in the chat.</p></main>
                <script src="{host.BaseAddress}widget/chat.js" async></script></body></html>
                """,
        }));
        await visitor.GotoAsync($"{PortalHost.CityOrigin}{path}");
        return visitor;
    }
}
