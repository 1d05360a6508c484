using CivicHub.Core.Chat;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using CivicHub.Core.Staff;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Auth;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Channels.Chat;

/// <summary>Web chat through the real host: the widget's hub, the desk's hub, outreach's chat sender and transcripts.</summary>
public abstract class ChatTests(CivicHubHost host)
{
    private Task<Guid> ConversationOfAsync(Guid sessionId) =>
        host.InDbAsync(db => db.ChatConversations.Where(c => c.SessionId == sessionId).OrderByDescending(c => c.StartedAt).Select(c => c.Id).FirstAsync());

    private Task<List<Interaction>> ChatInteractionsAsync(Guid sessionId) =>
        host.InDbAsync(async db =>
        {
            var value = $"chat:{sessionId:N}";
            var identity = await db.ChannelIdentities.Where(i => i.Value == value).Select(i => i.Id).SingleAsync();
            return await db.Interactions.Where(i => i.ChannelIdentityId == identity).OrderBy(i => i.Id).ToListAsync();
        });

    [Fact]
    public async Task A_visitors_messages_land_on_one_case_and_the_timeline()
    {
        await using var visitor = await host.VisitorAsync();
        var token = await visitor.StartChatAsync(department: "TAX");
        await visitor.SayAsync("Can I pay my property tax in instalments?");
        await visitor.SayAsync("My bill is due next week.");

        var sessionId = await host.SessionIdAsync(token);
        var recorded = await ChatInteractionsAsync(sessionId);
        Assert.Equal(2, recorded.Count);
        Assert.All(recorded, i => Assert.Equal(Channel.Chat, i.Channel));
        Assert.All(recorded, i => Assert.Equal(Direction.Inbound, i.Direction));
        var caseId = Assert.Single(recorded.Select(i => i.CaseId).Distinct());
        var reference = await host.InDbAsync(db => db.Cases.Where(c => c.Id == caseId).Select(c => c.Reference).SingleAsync());

        var staff = await host.StaffClientAsync();
        var timeline = await staff.GetJsonAsync($"/api/v1/cases/{reference}/timeline");
        var bodies = timeline.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("body").GetString()).ToList();
        Assert.Contains("Can I pay my property tax in instalments?", bodies);
        Assert.Contains("My bill is due next week.", bodies);
        var @case = await staff.GetJsonAsync($"/api/v1/cases/{reference}");
        Assert.Equal("chat", @case.GetProperty("originChannel").GetString());

        // The conversation waits in the queue of the page's department.
        var conversation = await host.InDbAsync(db => db.ChatConversations.SingleAsync(c => c.SessionId == sessionId));
        Assert.Equal(ChatConversationStatus.Waiting, conversation.Status);
        Assert.Equal(caseId, conversation.CaseId);
        Assert.Equal("TAX", await host.InDbAsync(db => db.Departments.Where(d => d.Id == conversation.DepartmentId).Select(d => d.Code).SingleAsync()));
    }

    [Fact]
    public async Task A_message_resent_after_a_reconnect_is_recorded_once()
    {
        string token;
        await using (var first = await host.VisitorAsync())
        {
            token = await first.StartChatAsync();
            await first.SayAsync("The library's lift is broken", messageId: "msg-1");
        }

        await using var again = await host.VisitorAsync();
        await again.OkAsync("Start", new { sessionToken = token, department = (string?)null, language = "en" });
        var resent = await again.SayAsync("The library's lift is broken", messageId: "msg-1");
        Assert.Equal("msg-1", resent.GetProperty("id").GetString());

        Assert.Single(await ChatInteractionsAsync(await host.SessionIdAsync(token)));
    }

    [Fact]
    public async Task Reconnecting_with_the_session_token_restores_the_history()
    {
        string token;
        await using (var first = await host.VisitorAsync())
        {
            token = await first.StartChatAsync();
            await first.SayAsync("Where do I renew a business licence?", "a1");
            await first.SayAsync("It expires on Friday.", "a2");
        }

        await using var again = await host.VisitorAsync();
        var resumed = await again.OkAsync("Start", new { sessionToken = token, department = (string?)null, language = "en" });
        Assert.True(resumed.GetProperty("resumed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, resumed.GetProperty("sessionToken").ValueKind);
        var history = resumed.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["a1", "a2"], history.Select(m => m.GetProperty("id").GetString()));
        Assert.Equal("It expires on Friday.", history[1].GetProperty("text").GetString());
        Assert.All(history, m => Assert.Equal("visitor", m.GetProperty("from").GetString()));
        Assert.Equal("waiting", resumed.GetProperty("status").GetString());

        // The token is stored only as a hash.
        Assert.False(await host.InDbAsync(db => db.ChatSessions.AnyAsync(s => s.TokenHash == token)));
    }

    [Fact]
    public async Task A_second_session_cannot_read_the_first_sessions_conversation()
    {
        await using var first = await host.VisitorAsync();
        var firstToken = await first.StartChatAsync();
        await first.SayAsync("My benefits letter has my old address", "same-id");
        var firstEvents = new HubEvents(first, "message");

        await using var second = await host.VisitorAsync();
        var secondStart = await second.OkAsync("Start", new { sessionToken = "made-up-token", department = (string?)null, language = "en" });
        Assert.False(secondStart.GetProperty("resumed").GetBoolean());
        Assert.Empty(secondStart.GetProperty("history").EnumerateArray());
        var secondToken = secondStart.GetProperty("sessionToken").GetString()!;
        Assert.NotEqual(firstToken, secondToken);

        // The same message id in another session is another message, on another citizen's record.
        await second.SayAsync("Someone else's question", "same-id");
        var firstSession = await host.SessionIdAsync(firstToken);
        var secondSession = await host.SessionIdAsync(secondToken);
        var firstSaid = await ChatInteractionsAsync(firstSession);
        var secondSaid = await ChatInteractionsAsync(secondSession);
        Assert.Equal("My benefits letter has my old address", Assert.Single(firstSaid).Body);
        Assert.Equal("Someone else's question", Assert.Single(secondSaid).Body);
        Assert.NotEqual(firstSaid[0].CitizenId, secondSaid[0].CitizenId);
        Assert.NotEqual(firstSaid[0].CaseId, secondSaid[0].CaseId);
        Assert.False(firstEvents.Any("message"));

        await using var third = await host.VisitorAsync();
        var resumedSecond = await third.OkAsync("Start", new { sessionToken = secondToken, department = (string?)null, language = "en" });
        Assert.Equal(["Someone else's question"], resumedSecond.GetProperty("history").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task An_agent_takes_a_waiting_chat_a_second_agent_is_refused_and_the_reply_reaches_the_visitor_live()
    {
        await using var dana = await host.AgentAsync("dana");
        await using var luis = await host.AgentAsync("luis");
        var danaEvents = new HubEvents(dana, "conversationWaiting", "message", "typing");

        await using var visitor = await host.VisitorAsync();
        var visitorEvents = new HubEvents(visitor, "message", "agentJoined", "typing", "closed");
        var token = await visitor.StartChatAsync();
        var opening = $"Is the recycling centre open on Sunday? {Guid.NewGuid():N}";
        await visitor.SayAsync(opening);
        var conversationId = await ConversationOfAsync(await host.SessionIdAsync(token));

        var announced = await danaEvents.NextAsync("conversationWaiting", e => e.GetProperty("id").GetGuid() == conversationId);
        Assert.Equal(opening, announced.GetProperty("preview").GetString());
        var waiting = await dana.OkAsync("Waiting", "CONTACT");
        Assert.Contains(waiting.EnumerateArray(), c => c.GetProperty("id").GetGuid() == conversationId);

        var taken = await dana.OkAsync("Take", conversationId);
        Assert.Equal("with_agent", taken.GetProperty("conversation").GetProperty("status").GetString());
        Assert.Equal(opening, Assert.Single(taken.GetProperty("messages").EnumerateArray()).GetProperty("text").GetString());
        Assert.Contains(taken.GetProperty("timeline").GetProperty("items").EnumerateArray(), i => i.GetProperty("body").GetString() == opening);
        Assert.Equal("Dana Whitfield", (await visitorEvents.NextAsync("agentJoined")).GetProperty("name").GetString());

        var refused = await luis.RefusedAsync("conflict", "Take", conversationId);
        Assert.Contains("Dana Whitfield", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await luis.RefusedAsync("conflict", "Send", new { conversationId, messageId = "x1", text = "I can help too" });
        Assert.DoesNotContain((await dana.OkAsync("Waiting", (string?)null)).EnumerateArray(), c => c.GetProperty("id").GetGuid() == conversationId);

        await dana.InvokeAsync("Typing", conversationId);
        Assert.Equal("Dana Whitfield", (await visitorEvents.NextAsync("typing")).GetProperty("name").GetString());
        var reply = await dana.OkAsync("Send", new { conversationId, messageId = "r1", text = "Yes, from 9 to 1." });
        var live = await visitorEvents.NextAsync("message");
        Assert.Equal("Yes, from 9 to 1.", live.GetProperty("text").GetString());
        Assert.Equal("agent", live.GetProperty("from").GetString());
        Assert.Equal(reply.GetProperty("id").GetString(), live.GetProperty("id").GetString());

        // The visitor's next message reaches the agent live, and the reply is an outbound interaction on the timeline.
        await visitor.SayAsync("Thank you!");
        var toAgent = await danaEvents.NextAsync("message", e => e.GetProperty("conversationId").GetGuid() == conversationId);
        Assert.Equal("Thank you!", toAgent.GetProperty("message").GetProperty("text").GetString());
        var said = await ChatInteractionsAsync(await host.SessionIdAsync(token));
        var outbound = Assert.Single(said, i => i.Direction == Direction.Outbound);
        Assert.Equal("Yes, from 9 to 1.", outbound.Body);
        Assert.Equal("Dana Whitfield", outbound.AuthorName);
        Assert.StartsWith("staff:", outbound.Author, StringComparison.Ordinal);
        Assert.Equal(said[0].CaseId, outbound.CaseId);

        await dana.OkAsync("Close", conversationId);
        Assert.Equal("agent", (await visitorEvents.NextAsync("closed")).GetProperty("by").GetString());
        Assert.Equal(ChatConversationStatus.Closed, await host.InDbAsync(db => db.ChatConversations.Where(c => c.Id == conversationId).Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_conversation_handed_to_the_bot_waits_again_and_any_agent_can_take_it_back()
    {
        await using var dana = await host.AgentAsync("dana");
        await using var luis = await host.AgentAsync("luis");
        await using var visitor = await host.VisitorAsync();
        var visitorEvents = new HubEvents(visitor, "handedToBot", "agentJoined");
        var token = await visitor.StartChatAsync();
        await visitor.SayAsync("When is bulk pickup?");
        var conversationId = await ConversationOfAsync(await host.SessionIdAsync(token));

        await dana.OkAsync("Take", conversationId);
        await dana.OkAsync("HandToBot", conversationId);
        await visitorEvents.NextAsync("handedToBot");
        var waiting = await luis.OkAsync("Waiting", (string?)null);
        Assert.Equal("with_bot", waiting.EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == conversationId).GetProperty("status").GetString());
        await dana.RefusedAsync("conflict", "Send", new { conversationId, messageId = "after-bot", text = "Still me" });

        await luis.OkAsync("Take", conversationId);
        await visitorEvents.NextAsync("agentJoined");
        await visitorEvents.NextAsync("agentJoined");
    }

    [Fact]
    public async Task Of_two_agents_taking_at_the_same_moment_exactly_one_gets_the_conversation()
    {
        await using var dana = await host.AgentAsync("dana");
        await using var luis = await host.AgentAsync("luis");
        await using var visitor = await host.VisitorAsync();
        var token = await visitor.StartChatAsync();
        await visitor.SayAsync("Who collects bulky waste?");
        var conversationId = await ConversationOfAsync(await host.SessionIdAsync(token));

        var replies = await Task.WhenAll(
            dana.InvokeAsync<JsonElement>("Take", conversationId),
            luis.InvokeAsync<JsonElement>("Take", conversationId));
        Assert.Single(replies, r => r.GetProperty("ok").GetBoolean());
        Assert.Equal("conflict", Assert.Single(replies, r => !r.GetProperty("ok").GetBoolean()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_visitor_typing_and_ending_the_chat_reach_the_agent_and_writing_again_starts_a_new_conversation()
    {
        await using var dana = await host.AgentAsync("dana");
        var danaEvents = new HubEvents(dana, "typing", "conversationClosed");
        await using var visitor = await host.VisitorAsync();
        var token = await visitor.StartChatAsync();
        await visitor.SayAsync("How do I get a parking permit?");
        var sessionId = await host.SessionIdAsync(token);
        var first = await ConversationOfAsync(sessionId);
        await dana.OkAsync("Take", first);

        await visitor.InvokeAsync("Typing");
        await danaEvents.NextAsync("typing", e => e.GetProperty("conversationId").GetGuid() == first);
        Assert.True((await visitor.OkAsync("Close")).GetBoolean());
        var closed = await danaEvents.NextAsync("conversationClosed", e => e.GetProperty("conversationId").GetGuid() == first);
        Assert.Equal("visitor", closed.GetProperty("by").GetString());

        await visitor.SayAsync("One more question about permits");
        var second = await ConversationOfAsync(sessionId);
        Assert.NotEqual(first, second);
        var statuses = await host.InDbAsync(db => db.ChatConversations.Where(c => c.SessionId == sessionId).ToDictionaryAsync(c => c.Id, c => c.Status));
        Assert.Equal(ChatConversationStatus.Closed, statuses[first]);
        Assert.Equal(ChatConversationStatus.Waiting, statuses[second]);
    }

    [Fact]
    public async Task An_outbox_message_for_chat_is_delivered_live_and_stays_in_the_history()
    {
        await using var visitor = await host.VisitorAsync();
        var events = new HubEvents(visitor, "message");
        var token = await visitor.StartChatAsync();
        await visitor.SayAsync("What is the status of my request?");
        var sessionId = await host.SessionIdAsync(token);
        // Some channels' senders are scoped (they use the database), so the set is resolved in a scope as the worker does.
        using var scope = host.Services.CreateScope();
        var sender = Assert.Single(scope.ServiceProvider.GetRequiredService<IEnumerable<IChannelSender>>(), s => s.Channel == Channel.Chat);

        // What the outbox worker does: a queued row, sent through the channel's sender, then marked sent.
        var conversation = await host.InDbAsync(db => db.ChatConversations.AsNoTracking().SingleAsync(c => c.SessionId == sessionId));
        var outbox = new OutboundMessage
        {
            Id = Guid.CreateVersion7(),
            CitizenId = conversation.CitizenId,
            CaseId = conversation.CaseId,
            Channel = Channel.Chat,
            Recipient = $"chat:{sessionId:N}",
            Body = "Your request is being worked on.",
            Author = "system",
            Status = OutboundStatus.Sending,
            CreatedAt = DateTime.UtcNow,
            NextAttemptAt = DateTime.UtcNow,
        };
        await host.InDbAsync(async db =>
        {
            db.OutboundMessages.Add(outbox);
            return await db.SaveChangesAsync();
        });
        var result = await sender.SendAsync(new ChannelSend(outbox.Id, outbox.Recipient, outbox.Body), CancellationToken.None);
        Assert.Equal(SendOutcome.Sent, result.Outcome);
        Assert.False(string.IsNullOrEmpty(result.ProviderMessageId));
        var live = await events.NextAsync("message");
        Assert.Equal("Your request is being worked on.", live.GetProperty("text").GetString());
        Assert.Equal("system", live.GetProperty("from").GetString());
        await host.InDbAsync(db => db.OutboundMessages.Where(m => m.Id == outbox.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboundStatus.Sent).SetProperty(m => m.SentAt, DateTime.UtcNow).SetProperty(m => m.ProviderMessageId, result.ProviderMessageId)));

        await using var later = await host.VisitorAsync();
        var resumed = await later.OkAsync("Start", new { sessionToken = token, department = (string?)null, language = "en" });
        var history = resumed.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(live.GetProperty("id").GetString(), history[^1].GetProperty("id").GetString());
        Assert.Equal("Your request is being worked on.", history[^1].GetProperty("text").GetString());

        var unknown = await sender.SendAsync(new ChannelSend(Guid.NewGuid(), $"chat:{Guid.NewGuid():N}", "Hello"), CancellationToken.None);
        Assert.Equal(SendOutcome.Rejected, unknown.Outcome);
        var notChat = await sender.SendAsync(new ChannelSend(Guid.NewGuid(), "+12175550142", "Hello"), CancellationToken.None);
        Assert.Equal(SendOutcome.Rejected, notChat.Outcome);
    }

    [Fact]
    public async Task A_transcript_request_writes_one_email_to_the_outbox_with_the_whole_conversation()
    {
        await using var dana = await host.AgentAsync("dana");
        await using var visitor = await host.VisitorAsync();
        var token = await visitor.StartChatAsync(language: "es");
        await visitor.SayAsync("¿Dónde pago la multa de estacionamiento?");
        var conversationId = await ConversationOfAsync(await host.SessionIdAsync(token));
        await dana.OkAsync("Take", conversationId);
        await dana.OkAsync("Send", new { conversationId, messageId = "t1", text = "En la ventanilla 3 <del ayuntamiento>." });

        // An anonymous visitor has no known address: they must give one.
        var missing = await visitor.RefusedAsync("invalid", "EmailTranscript", new { email = (string?)null });
        Assert.True(missing.GetProperty("errors").TryGetProperty("email", out _));
        await visitor.RefusedAsync("invalid", "EmailTranscript", new { email = "not an address" });

        var email = $"{Guid.NewGuid():N}@Mail.Example";
        var queued = await visitor.OkAsync("EmailTranscript", new { email });
        var messageId = queued.GetProperty("messageId").GetGuid();
        Assert.DoesNotContain(email.Split('@')[0], queued.GetProperty("sentTo").GetString(), StringComparison.Ordinal);

        var row = await host.InDbAsync(db => db.OutboundMessages.SingleAsync(m => m.Id == messageId));
        Assert.Equal(Channel.Email, row.Channel);
        Assert.Equal(OutboundStatus.Queued, row.Status);
        Assert.Equal(email.ToLowerInvariant(), row.Recipient);
        Assert.Equal("chat.transcript", row.TemplateKey);
        Assert.Equal("es", row.Language);
        Assert.Contains("¿Dónde pago la multa de estacionamiento?", row.Body, StringComparison.Ordinal);
        Assert.Contains("En la ventanilla 3 <del ayuntamiento>.", row.Body, StringComparison.Ordinal);
        Assert.Contains("Dana Whitfield", row.Body, StringComparison.Ordinal);
        // Times on the jurisdiction's clocks (Chicago's in these settings), with their offset from UTC.
        Assert.Matches(@"\[\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC−0[56]:00\] ", row.Body);
        Assert.Contains("En la ventanilla 3 &lt;del ayuntamiento&gt;.", row.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<del ", row.HtmlBody, StringComparison.Ordinal);
        var citizenId = (await ChatInteractionsAsync(await host.SessionIdAsync(token)))[0].CitizenId;
        Assert.Equal(citizenId, row.CitizenId);

        // The agent may send it too, and the daily limit (3 in these settings) then stops more.
        await dana.OkAsync("EmailTranscript", conversationId, email);
        await visitor.OkAsync("EmailTranscript", new { email });
        await visitor.RefusedAsync("rate_limited", "EmailTranscript", new { email });
        Assert.Equal(3, await host.InDbAsync(db => db.OutboundMessages.CountAsync(m => m.CitizenId == citizenId && m.TemplateKey == "chat.transcript")));
    }

    [Fact]
    public async Task A_signed_in_citizens_chat_lands_on_their_own_record()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, email) = await staff.NewCitizenAsync("Marcus", "Reyes");
        var integration = await host.IntegrationClientAsync();
        var issued = await (await integration.PostJsonAsync("/api/v1/chat/sessions", new { citizenId, department = "SOCIAL", language = "en" }))
            .JsonAsync(HttpStatusCode.Created);
        var token = issued.GetProperty("sessionToken").GetString()!;

        await using var visitor = await host.VisitorAsync();
        var started = await visitor.OkAsync("Start", new { sessionToken = token, department = (string?)null, language = "en" });
        Assert.True(started.GetProperty("resumed").GetBoolean());
        await visitor.SayAsync("I saved my benefits application last night.");
        var said = Assert.Single(await ChatInteractionsAsync(await host.SessionIdAsync(token)));
        Assert.Equal(citizenId, said.CitizenId);

        // Their known address receives the transcript without asking.
        var queued = await visitor.OkAsync("EmailTranscript", new { email = (string?)null });
        var row = await host.InDbAsync(db => db.OutboundMessages.SingleAsync(m => m.Id == queued.GetProperty("messageId").GetGuid()));
        Assert.Equal(email, row.Recipient);
        Assert.NotNull(row.ChannelIdentityId);

        await (await integration.PostJsonAsync("/api/v1/chat/sessions", new { citizenId = Guid.NewGuid() })).ProblemAsync(HttpStatusCode.BadRequest, "citizenId");
        await (await host.AnonymousClient().PostJsonAsync("/api/v1/chat/sessions", new { citizenId })).JsonAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Empty_oversized_and_unstarted_messages_are_refused_with_a_clear_error()
    {
        await using var visitor = await host.VisitorAsync();
        await visitor.RefusedAsync("not_started", "Send", new { messageId = "m1", text = "Hello" });
        await visitor.StartChatAsync();

        var empty = await visitor.RefusedAsync("invalid", "Send", new { messageId = "m1", text = "   " });
        Assert.True(empty.GetProperty("errors").TryGetProperty("text", out _));
        var tooLong = await visitor.RefusedAsync("invalid", "Send", new { messageId = "m2", text = new string('a', 2_001) });
        Assert.Contains("2000", tooLong.GetProperty("errors").GetProperty("text")[0].GetString(), StringComparison.Ordinal);
        var badId = await visitor.RefusedAsync("invalid", "Send", new { messageId = "not/valid", text = "Hello" });
        Assert.True(badId.GetProperty("errors").TryGetProperty("messageId", out _));
        await visitor.RefusedAsync("invalid", "Start", new { sessionToken = (string?)null, department = "NO-SUCH", language = "en" });

        // Nothing refused reached the timeline, and the connection still works.
        await visitor.SayAsync("Now a real question");
    }

    [Fact]
    public async Task A_hub_message_over_the_size_limit_closes_only_that_connection()
    {
        var visitor = ChatConnections.Build(host, "/hubs/chat", null, CivicHubHost.ChatOrigin);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        visitor.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        await visitor.StartAsync();
        await visitor.StartChatAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => visitor.InvokeAsync<JsonElement>("Send", new { messageId = "big", text = new string('x', 40_000) }));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await visitor.DisposeAsync();

        await using var next = await host.VisitorAsync();
        await next.StartChatAsync();
        await next.SayAsync("Still here");
    }

    [Fact]
    public async Task A_visitor_calling_too_often_is_told_to_slow_down()
    {
        await using var visitor = await host.VisitorAsync();
        for (var i = 0; i < 30; i++)
        {
            await visitor.RefusedAsync("not_started", "EmailTranscript", new { email = (string?)null });
        }

        await visitor.RefusedAsync("rate_limited", "EmailTranscript", new { email = (string?)null });
    }

    [Fact]
    public async Task The_hub_refuses_pages_from_origins_not_allowed()
    {
        var client = host.AnonymousClient();
        using var evil = new HttpRequestMessage(HttpMethod.Post, Http.Url("/hubs/chat/negotiate?negotiateVersion=1"));
        evil.Headers.Add("Origin", "https://evil.example");
        var refused = await client.SendAsync(evil);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));

        using var preflight = new HttpRequestMessage(HttpMethod.Options, Http.Url("/hubs/chat/negotiate?negotiateVersion=1"));
        preflight.Headers.Add("Origin", CivicHubHost.ChatOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "x-requested-with,x-signalr-user-agent");
        var allowed = await client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(CivicHubHost.ChatOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var negotiate = new HttpRequestMessage(HttpMethod.Post, Http.Url("/hubs/chat/negotiate?negotiateVersion=1"));
        negotiate.Headers.Add("Origin", CivicHubHost.ChatOrigin);
        var negotiated = await client.SendAsync(negotiate);
        Assert.Equal(HttpStatusCode.OK, negotiated.StatusCode);
        Assert.Equal(CivicHubHost.ChatOrigin, negotiated.Headers.GetValues("Access-Control-Allow-Origin").Single());

        // WebSockets are not covered by CORS: the upgrade itself is refused.
        await using var fromEvil = ChatConnections.Build(host, "/hubs/chat", null, "https://evil.example");
        await Assert.ThrowsAnyAsync<Exception>(() => fromEvil.StartAsync());
    }

    [Fact]
    public async Task The_desk_hub_needs_a_staff_token()
    {
        await using var anonymous = ChatConnections.Build(host, "/hubs/desk-chat", null, null);
        await Assert.ThrowsAnyAsync<Exception>(() => anonymous.StartAsync());

        var integration = await host.IntegrationClientAsync();
        await using var asIntegration = ChatConnections.Build(host, "/hubs/desk-chat", integration.DefaultRequestHeaders.Authorization!.Parameter, null);
        await Assert.ThrowsAnyAsync<Exception>(() => asIntegration.StartAsync());
    }

    [Fact]
    public async Task An_agent_deactivated_while_connected_is_disconnected_at_the_next_call()
    {
        var (id, userName, secret) = await host.NewStaffAsync();
        var token = await host.StaffTokenAsync(userName, secret);
        await using var agent = ChatConnections.Build(host, "/hubs/desk-chat", token, null);
        var closed = new TaskCompletionSource();
        agent.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await agent.StartAsync();
        await agent.OkAsync("Waiting", (string?)null);

        await host.ChangeStaffAsync(id, StaffRole.Agent, active: false);

        // The call gets no answer: the connection closes under it, and the token opens no new one.
        await Assert.ThrowsAnyAsync<Exception>(() => agent.InvokeCoreAsync<JsonElement>("Waiting", [null]));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(HubConnectionState.Disconnected, agent.State);
        await using var again = ChatConnections.Build(host, "/hubs/desk-chat", token, null);
        await Assert.ThrowsAnyAsync<Exception>(() => again.StartAsync());
    }

    [Fact]
    public async Task The_widget_script_is_served_as_javascript_with_caching()
    {
        var client = host.AnonymousClient();
        var response = await client.GetAsync(Http.Url("/widget/chat.js"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal(TimeSpan.FromHours(1), response.Headers.CacheControl?.MaxAge);
        Assert.True(response.Headers.CacheControl?.Public);
        var script = await response.Content.ReadAsStringAsync();
        Assert.Contains("/lib/signalr/signalr.min.js", script, StringComparison.Ordinal);
        Assert.Contains("/hubs/chat", script, StringComparison.Ordinal);

        using var again = new HttpRequestMessage(HttpMethod.Get, Http.Url("/widget/chat.js"));
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

        // The SignalR browser client the widget loads is served by the host.
        var signalr = await client.GetAsync(Http.Url("/lib/signalr/signalr.min.js"));
        Assert.Equal(HttpStatusCode.OK, signalr.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ChatOnSqlite(SqliteHost host) : ChatTests(host);

[Collection(PostgresCollection.Name)]
public sealed class ChatOnPostgres(PostgresHost host) : ChatTests(host);
