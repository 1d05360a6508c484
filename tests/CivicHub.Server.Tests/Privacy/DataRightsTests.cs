using CivicHub.Core.Access;
using CivicHub.Core.Accounts;
using CivicHub.Core.Citizens;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Core.Privacy.Erasure;
using CivicHub.Core.Privacy.Export;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Channels.Chat;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Privacy;

/// <summary>A citizen's data rights: everything held about them exported, and erased where the law allows.</summary>
public abstract class DataRightsTests(CivicHubHost host)
{
    private sealed record Person(Guid Id, string Given, string Family, string Email, string Phone, string Text, string Reference);

    /// <summary>A citizen with a portal account, a phone, an email that opened a case, and a reply sent to them.</summary>
    private async Task<Person> PersonWithHistoryAsync()
    {
        var staff = await host.StaffClientAsync();
        var marker = Guid.NewGuid().ToString("N")[..10];
        var given = $"Ottoline{marker}";
        var family = $"Brackenbury{marker}";
        var email = $"ob{marker}@mail.example";
        var text = $"Streetlight out on my road {marker}";
        var signedUp = await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccounts>().SignUpAsync(
            new CitizenAccounts.SignUpRequest(given, family, email, "a long portal passphrase", "en", "http://portal.example/account/verify"), CancellationToken.None));
        Assert.True(signedUp.Succeeded);
        var id = signedUp.Value!.Citizen.CitizenId;
        var phone = Http.NewPhone();
        await host.InDbAsync(async db =>
        {
            db.ChannelIdentities.Add(new ChannelIdentity { Id = Guid.CreateVersion7(), CitizenId = id, Kind = IdentityKind.Phone, Value = Http.E164(phone), Display = phone, CreatedAt = DateTime.UtcNow });
            var citizen = await db.Citizens.SingleAsync(c => c.Id == id);
            citizen.DateOfBirth = new DateOnly(1958, 2, 14);
            citizen.Addresses = [new Address { Line1 = $"{marker} Foxglove Row", City = "Springfield", PostalCode = "62704" }];
            return await db.SaveChangesAsync();
        });
        var received = await host.InScopeAsync(sp => sp.GetRequiredService<IntakePipeline>().ReceiveAsync(
            new InboundContact(Channel.Email, IdentityKind.Email, email, text, DateTime.UtcNow) { Subject = $"Streetlight {marker}" }, CancellationToken.None));
        Assert.True(received.Succeeded);
        var reference = received.Value!.CaseReference;
        await (await staff.PostJsonAsync($"/api/v1/cases/{reference}/replies", new { text = $"Thank you {given}, a crew is on its way" })).JsonAsync(HttpStatusCode.Created);
        return new Person(id, given, family, email, phone, text, reference);
    }

    private async Task CloseAsync(string reference)
    {
        var staff = await host.StaffClientAsync("priya");
        await (await staff.PostJsonAsync($"/api/v1/cases/{reference}/status", new { status = "resolved" })).JsonAsync(HttpStatusCode.OK);
        await (await staff.PostJsonAsync($"/api/v1/cases/{reference}/status", new { status = "closed" })).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_supervisor_exports_every_kind_of_record_held_about_a_citizen()
    {
        var person = await PersonWithHistoryAsync();
        var supervisor = await host.StaffClientAsync("priya");
        var export = await supervisor.GetJsonAsync($"/api/v1/citizens/{person.Id}/export?reason=Subject%20access%20request");

        Assert.Equal(person.Given, export.GetProperty("citizen").GetProperty("givenName").GetString());
        Assert.Equal("1958-02-14", export.GetProperty("citizen").GetProperty("dateOfBirth").GetString());
        Assert.Contains("Foxglove Row", export.GetProperty("citizen").GetProperty("addresses")[0].GetProperty("line1").GetString(), StringComparison.Ordinal);
        var identities = export.GetProperty("identities").EnumerateArray().Select(i => i.GetProperty("kind").GetString()).ToList();
        Assert.Contains("phone", identities);
        Assert.Contains("email", identities);
        Assert.Contains("portal", identities);
        Assert.Equal(person.Email, export.GetProperty("portalAccount").GetProperty("email").GetString());
        var @case = Assert.Single(export.GetProperty("cases").EnumerateArray());
        Assert.Equal(person.Reference, @case.GetProperty("reference").GetString());
        Assert.Equal(JsonValueKind.Object, @case.GetProperty("answers").ValueKind);
        Assert.Contains(export.GetProperty("interactions").EnumerateArray(), i => i.GetProperty("body").GetString() == person.Text);
        var messages = export.GetProperty("outboundMessages").EnumerateArray().Select(m => m.GetProperty("body").GetString()!).ToList();
        Assert.Contains(messages, b => b.Contains(person.Given, StringComparison.Ordinal));
        Assert.True(export.TryGetProperty("drafts", out _));
        Assert.True(export.TryGetProperty("chatConversations", out _));

        var recorded = await host.InDbAsync(db => db.Events.Where(e => e.CitizenId == person.Id && e.Type == CitizenDataExport.EventType).Select(e => e.Payload).SingleAsync());
        Assert.Contains("staff:", recorded, StringComparison.Ordinal);
        Assert.Contains("Subject access request", recorded, StringComparison.Ordinal);
        Assert.Equal(
            [AuditAction.Export],
            await host.InDbAsync(db => db.AuditEntries.Where(e => e.CitizenId == person.Id && e.Action == AuditAction.Export && e.ActorKind == ActorKind.Staff).Select(e => e.Action).ToListAsync()));

        // An agent may not.
        var agent = await host.StaffClientAsync("dana");
        await (await agent.GetAsync(Http.Url($"/api/v1/citizens/{person.Id}/export"))).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Erasure_leaves_no_trace_of_the_citizen_in_any_table_and_keeps_the_case_for_statistics()
    {
        var person = await PersonWithHistoryAsync();
        await CloseAsync(person.Reference);
        string[] personal = [person.Given, person.Family, person.Email, Http.E164(person.Phone), person.Text];
        Assert.NotEmpty(await host.WhereFoundAsync(personal));

        var supervisor = await host.StaffClientAsync("priya");
        var erased = await (await supervisor.PostJsonAsync($"/api/v1/citizens/{person.Id}/erasure", new { reason = "Citizen's request under the records law" }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, erased.GetProperty("cases").GetInt32());

        Assert.Empty(await host.WhereFoundAsync(personal));
        var kept = await host.InDbAsync(db => db.Cases.Where(c => c.Reference == person.Reference).Select(c => new { c.Status, c.DepartmentId, c.CreatedAt }).SingleAsync());
        Assert.Equal(Core.Cases.CaseStatus.Closed, kept.Status);
        Assert.Equal(0, await host.InDbAsync(db => db.ChannelIdentities.CountAsync(i => i.CitizenId == person.Id)));
        var recorded = await host.InDbAsync(db => db.Events.Where(e => e.CitizenId == person.Id && e.Type == EraseCitizen.EventType).Select(e => e.Payload).SingleAsync());
        Assert.Contains("records law", recorded, StringComparison.Ordinal);
        Assert.Equal(
            [AuditAction.Erase],
            await host.InDbAsync(db => db.AuditEntries.Where(e => e.CitizenId == person.Id && e.Action == AuditAction.Erase && e.ActorKind == ActorKind.Staff).Select(e => e.Action).ToListAsync()));
        Assert.Contains("staff:", recorded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erasure_deletes_the_chat_device_identities_and_the_words_a_chat_kept_of_the_citizen()
    {
        await using var visitor = await host.VisitorAsync();
        var sessionId = await host.SessionIdAsync(await visitor.StartChatAsync(department: "TAX"));
        var words = $"My tax account number is {Guid.NewGuid():N}";
        await visitor.SayAsync(words);
        await visitor.OkAsync("Close");
        var value = $"chat:{sessionId:N}";
        var citizenId = await host.InDbAsync(db => db.ChannelIdentities.Where(i => i.Kind == IdentityKind.Device && i.Value == value).Select(i => i.CitizenId).SingleAsync());
        var references = await host.InDbAsync(db => db.Cases.Where(c => c.CitizenId == citizenId).Select(c => c.Reference).ToListAsync());
        foreach (var reference in references)
        {
            await CloseAsync(reference);
        }

        Assert.NotEmpty(await host.WhereFoundAsync([words[..40]]));

        var supervisor = await host.StaffClientAsync("priya");
        await (await supervisor.PostJsonAsync($"/api/v1/citizens/{citizenId}/erasure", new { reason = "Citizen's request under the records law" })).JsonAsync(HttpStatusCode.OK);

        Assert.False(await host.InDbAsync(db => db.ChannelIdentities.AnyAsync(i => i.Value == value)), "The chat's device identity stayed.");
        Assert.Empty(await host.WhereFoundAsync([words[..40]]));
        Assert.Equal(EraseCitizen.Erased, await host.InDbAsync(db => db.ChatConversations.Where(c => c.SessionId == sessionId).Select(c => c.Preview).SingleAsync()));
    }

    [Fact]
    public async Task Erasure_is_refused_while_a_case_is_open_or_on_legal_hold_and_needs_a_supervisor_and_a_reason()
    {
        var person = await PersonWithHistoryAsync();
        var supervisor = await host.StaffClientAsync("priya");
        var body = new { reason = "Citizen's request" };

        var open = await (await supervisor.PostJsonAsync($"/api/v1/citizens/{person.Id}/erasure", body)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("open", open.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await CloseAsync(person.Reference);
        await (await supervisor.PostJsonAsync($"/api/v1/cases/{person.Reference}/legal-hold", new { hold = true, reason = "Litigation" })).JsonAsync(HttpStatusCode.OK);
        var held = await (await supervisor.PostJsonAsync($"/api/v1/citizens/{person.Id}/erasure", body)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("legal hold", held.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await (await supervisor.PostJsonAsync($"/api/v1/citizens/{person.Id}/erasure", new { })).ProblemAsync(HttpStatusCode.BadRequest, "reason");
        var agent = await host.StaffClientAsync("dana");
        await (await agent.PostJsonAsync($"/api/v1/citizens/{person.Id}/erasure", body)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.PostJsonAsync($"/api/v1/cases/{person.Reference}/legal-hold", new { hold = false, reason = "x" })).ProblemAsync(HttpStatusCode.Forbidden);

        // Nothing was erased by the refusals.
        Assert.Equal(person.Given, await host.InDbAsync(db => db.Citizens.Where(c => c.Id == person.Id).Select(c => c.GivenName).SingleAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DataRightsOnSqlite(SqliteHost host) : DataRightsTests(host);

[Collection(PostgresCollection.Name)]
public sealed class DataRightsOnPostgres(PostgresHost host) : DataRightsTests(host);
