using CivicHub.Core.Privacy.Audit;
using CivicHub.Server.Tests.Channels.Chat;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Tests.Privacy;

/// <summary>
/// The chat desk's waiting list obeys the agreements: every agent sees a waiting chat (to take it), but the visitor's
/// name and first words only where RecordAccess allows them (own department's queue, or contact details by agreement).
/// Demo staff: Taylor (TAX), Dana (CONTACT, whose agreement covers every department), Jordan (PUBWORKS, SANITATION,
/// no agreement), Sam (SOCIAL, whose agreement with TAX waits on the citizen's consent).
/// </summary>
public abstract class ChatQueueAccessTests(CivicHubHost host)
{
    private Task<Guid> StaffIdAsync(string userName) =>
        host.InDbAsync(db => db.Staff.Where(s => s.UserName == userName).Select(s => s.Id).SingleAsync());

    private async Task<(Guid ConversationId, Guid CitizenId, string Opening)> TaxChatAsync(HubConnection visitor)
    {
        var token = await visitor.StartChatAsync(department: "TAX");
        var opening = $"My property tax bill looks wrong {Guid.NewGuid():N}";
        await visitor.SayAsync(opening);
        var sessionId = await host.SessionIdAsync(token);
        var conversation = await host.InDbAsync(db => db.ChatConversations.Where(c => c.SessionId == sessionId).Select(c => new { c.Id, c.CitizenId }).SingleAsync());
        return (conversation.Id, conversation.CitizenId, opening);
    }

    private static void AssertShown(JsonElement summary, Guid citizenId, string opening)
    {
        Assert.Equal(opening, summary.GetProperty("preview").GetString());
        Assert.Equal(citizenId, summary.GetProperty("citizenId").GetGuid());
        Assert.Empty(summary.GetProperty("withheld").EnumerateArray());
    }

    private static void AssertWithheld(JsonElement summary, Guid conversationId)
    {
        Assert.Equal("TAX", summary.GetProperty("department").GetString());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("preview").ValueKind);
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("citizenId").ValueKind);
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("caseReference").ValueKind);
        Assert.Equal($"Visitor {conversationId.ToString("N")[..4].ToUpperInvariant()}", summary.GetProperty("citizenName").GetString());
        Assert.Equal(["contact_details"], summary.GetProperty("withheld").EnumerateArray().Select(w => w.GetString()));
        Assert.True(summary.TryGetProperty("startedAt", out _));
    }

    private static JsonElement InList(JsonElement waiting, Guid conversationId) =>
        Assert.Single(waiting.EnumerateArray(), c => c.GetProperty("id").GetGuid() == conversationId);

    [Fact]
    public async Task A_waiting_chat_shows_its_visitor_only_to_agents_whose_department_or_agreement_allows_it_live_and_in_the_list()
    {
        await using var jordan = await host.AgentAsync("jordan");
        await using var taylor = await host.AgentAsync("taylor");
        await using var dana = await host.AgentAsync("dana");
        var jordanEvents = new HubEvents(jordan, "conversationWaiting");
        var taylorEvents = new HubEvents(taylor, "conversationWaiting");
        var danaEvents = new HubEvents(dana, "conversationWaiting");

        await using var visitor = await host.VisitorAsync();
        var (conversationId, citizenId, opening) = await TaxChatAsync(visitor);

        // Live: each agent's connections get the notice as that agent may see it.
        AssertWithheld(await jordanEvents.NextAsync("conversationWaiting", e => e.GetProperty("id").GetGuid() == conversationId), conversationId);
        AssertShown(await taylorEvents.NextAsync("conversationWaiting", e => e.GetProperty("id").GetGuid() == conversationId), citizenId, opening);
        AssertShown(await danaEvents.NextAsync("conversationWaiting", e => e.GetProperty("id").GetGuid() == conversationId), citizenId, opening);

        // The first list, the same way.
        AssertWithheld(InList(await jordan.OkAsync("Waiting", "TAX"), conversationId), conversationId);
        AssertShown(InList(await taylor.OkAsync("Waiting", "TAX"), conversationId), citizenId, opening);
        AssertShown(InList(await dana.OkAsync("Waiting", (string?)null), conversationId), citizenId, opening);

        // The audit records the citizen as shown in Taylor's list, not in Jordan's.
        var jordanId = (await StaffIdAsync("jordan")).ToString("D");
        var taylorId = (await StaffIdAsync("taylor")).ToString("D");
        var lists = await host.InDbAsync(db => db.AuditEntries.Where(e => e.RecordKind == AuditRecords.ChatQueue && (e.ActorId == jordanId || e.ActorId == taylorId))
            .Select(e => new { e.ActorId, e.RecordId }).ToListAsync());
        var citizen = citizenId.ToString("D");
        Assert.Contains(lists, e => e.ActorId == taylorId && e.RecordId.Contains(citizen, StringComparison.Ordinal));
        Assert.DoesNotContain(lists, e => e.ActorId == jordanId && e.RecordId.Contains(citizen, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_chat_handed_back_to_the_bot_is_announced_without_the_visitor_to_an_agent_without_an_agreement()
    {
        await using var taylor = await host.AgentAsync("taylor");
        await using var visitor = await host.VisitorAsync();
        var (conversationId, citizenId, opening) = await TaxChatAsync(visitor);
        await taylor.OkAsync("Take", conversationId);

        await using var jordan = await host.AgentAsync("jordan");
        await using var dana = await host.AgentAsync("dana");
        var jordanEvents = new HubEvents(jordan, "conversationWaiting");
        var danaEvents = new HubEvents(dana, "conversationWaiting");
        // A client's start returns at the handshake, before the hub has put the connection in its groups; a call
        // answered on each connection shows the hub is done with it, so the notice below cannot come too early.
        await jordan.OkAsync("Waiting", (string?)null);
        await dana.OkAsync("Waiting", (string?)null);
        await taylor.OkAsync("HandToBot", conversationId);

        AssertWithheld(await jordanEvents.NextAsync("conversationWaiting", e => e.GetProperty("id").GetGuid() == conversationId), conversationId);
        AssertShown(await danaEvents.NextAsync("conversationWaiting", e => e.GetProperty("id").GetGuid() == conversationId), citizenId, opening);
    }

    [Fact]
    public async Task An_agent_without_an_agreement_may_take_a_chat_and_answer_it_but_sees_neither_who_it_is_nor_their_record()
    {
        await using var jordan = await host.AgentAsync("jordan");
        await using var visitor = await host.VisitorAsync();
        var (conversationId, _, opening) = await TaxChatAsync(visitor);

        var taken = await jordan.OkAsync("Take", conversationId);
        AssertWithheldTaken(taken.GetProperty("conversation"), conversationId);

        // The words addressed to whoever takes the chat are there to answer; the citizen's timeline (a TAX case) is not.
        Assert.Equal(opening, Assert.Single(taken.GetProperty("messages").EnumerateArray()).GetProperty("text").GetString());
        Assert.DoesNotContain(taken.GetProperty("timeline").GetProperty("items").EnumerateArray(), i => i.GetProperty("body").GetString() == opening);

        var jordanId = (await StaffIdAsync("jordan")).ToString("D");
        var recordId = conversationId.ToString("D");
        Assert.True(await host.InDbAsync(db => db.AuditEntries.AnyAsync(e => e.RecordKind == AuditRecords.Chat && e.RecordId == recordId && e.ActorId == jordanId)));
    }

    [Fact]
    public async Task Emailing_the_transcript_of_a_waiting_chat_is_refused_to_an_agent_who_may_not_see_its_visitor()
    {
        await using var jordan = await host.AgentAsync("jordan");
        await using var visitor = await host.VisitorAsync();
        var (conversationId, _, _) = await TaxChatAsync(visitor);

        await jordan.RefusedAsync("forbidden", "EmailTranscript", conversationId, "jordan.private@mail.example");
        Assert.False(await host.InDbAsync(db => db.OutboundMessages.AnyAsync(m => m.Recipient == "jordan.private@mail.example")));

        // Taylor, whose department's queue it is, may; the read is audited.
        await using var taylor = await host.AgentAsync("taylor");
        await taylor.OkAsync("EmailTranscript", conversationId, "taxpayer@mail.example");
        var taylorId = (await StaffIdAsync("taylor")).ToString("D");
        var recordId = conversationId.ToString("D");
        Assert.True(await host.InDbAsync(db => db.AuditEntries.AnyAsync(e => e.RecordKind == AuditRecords.Chat && e.RecordId == recordId && e.ActorId == taylorId)));
    }

    private static void AssertWithheldTaken(JsonElement summary, Guid conversationId)
    {
        Assert.Equal("with_agent", summary.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("citizenId").ValueKind);
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("preview").ValueKind);
        Assert.Equal($"Visitor {conversationId.ToString("N")[..4].ToUpperInvariant()}", summary.GetProperty("citizenName").GetString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ChatQueueAccessOnSqlite(SqliteHost host) : ChatQueueAccessTests(host);

[Collection(PostgresCollection.Name)]
public sealed class ChatQueueAccessOnPostgres(PostgresHost host) : ChatQueueAccessTests(host);
