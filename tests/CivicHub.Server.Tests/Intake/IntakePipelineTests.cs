using CivicHub.Core.Citizens;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Intake;

/// <summary>The one inbound path every channel uses: identify, thread, record, route, publish.</summary>
public abstract class IntakePipelineTests(CivicHubHost host)
{
    private Task<Outcome<IntakeOutcome>> ReceiveAsync(InboundContact contact) =>
        host.InScopeAsync(sp => sp.GetRequiredService<IntakePipeline>().ReceiveAsync(contact, CancellationToken.None));

    private static InboundContact Sms(string from, string body, string? externalId = null) =>
        new(Channel.Sms, IdentityKind.Phone, from, body, DateTime.UtcNow) { To = "+12175550311", ExternalId = externalId ?? $"SM{Guid.NewGuid():N}" };

    [Fact]
    public async Task An_unknown_sender_becomes_a_provisional_citizen_with_a_case_in_the_endpoints_department()
    {
        var phone = Http.NewPhone();
        var outcome = await ReceiveAsync(Sms(phone, "There is a dead raccoon on my street"));
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        Assert.False(outcome.Value!.CitizenWasKnown);
        Assert.Equal(Threading.NewCase, outcome.Value.Threading);

        var staff = await host.StaffClientAsync();
        var found = Assert.Single((await staff.GetJsonAsync($"/api/v1/citizens?phone={Uri.EscapeDataString(phone)}")).EnumerateArray());
        Assert.True(found.GetProperty("isProvisional").GetBoolean());
        var @case = await staff.GetJsonAsync($"/api/v1/cases/{outcome.Value.CaseReference}");
        Assert.Equal("CONTACT", @case.GetProperty("department").GetProperty("code").GetString());
        Assert.Equal("sms", @case.GetProperty("originChannel").GetString());
    }

    [Fact]
    public async Task A_contact_to_a_departments_endpoint_is_routed_to_that_department()
    {
        var email = $"{Guid.NewGuid():N}@mail.example";
        var outcome = await ReceiveAsync(new InboundContact(Channel.Email, IdentityKind.Email, email, "Can I pay my tax bill in parts?", DateTime.UtcNow)
        {
            To = "tax@civichub.example",
            Subject = "Tax bill",
            SenderGivenName = "Rosa",
            SenderFamilyName = "Delgado",
        });
        var staff = await host.StaffClientAsync();
        var @case = await staff.GetJsonAsync($"/api/v1/cases/{outcome.Value!.CaseReference}");
        Assert.Equal("TAX", @case.GetProperty("department").GetProperty("code").GetString());
        Assert.Equal("Rosa Delgado", @case.GetProperty("citizen").GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Messages_in_one_conversation_thread_onto_its_open_case()
    {
        var phone = Http.NewPhone();
        var first = await ReceiveAsync(Sms(phone, "The streetlight outside 40 Oak Ave is out"));
        var second = await ReceiveAsync(Sms(phone, "It has been three nights now"));
        Assert.True(second.Value!.CitizenWasKnown);
        Assert.Equal(Threading.Conversation, second.Value.Threading);
        Assert.Equal(first.Value!.CaseReference, second.Value.CaseReference);
        Assert.Equal(first.Value.CitizenId, second.Value.CitizenId);
    }

    [Fact]
    public async Task A_new_request_never_threads_onto_the_open_conversation()
    {
        var phone = Http.NewPhone();
        var first = await ReceiveAsync(Sms(phone, "The streetlight outside 12 Pine St is out"));
        var request = await ReceiveAsync(new InboundContact(Channel.Sms, IdentityKind.Phone, phone, "And a pothole by the school", DateTime.UtcNow)
        {
            NewRequest = true,
            ServiceCode = "pothole",
            Answers = new Dictionary<string, string> { ["location"] = "Elm and 3rd" },
            Latitude = 39.8,
            Longitude = -89.6,
        });
        Assert.True(request.Succeeded, request.Problem?.Detail);
        Assert.Equal(Threading.NewCase, request.Value!.Threading);
        Assert.NotEqual(first.Value!.CaseReference, request.Value.CaseReference);
        Assert.Equal(first.Value.CitizenId, request.Value.CitizenId);
    }

    [Fact]
    public async Task A_request_missing_a_required_answer_is_refused_and_writes_nothing()
    {
        var before = await host.RowCountsAsync();
        var outcome = await ReceiveAsync(new InboundContact(Channel.Mobile, IdentityKind.Device, $"device-{Guid.NewGuid():N}", "Pothole", DateTime.UtcNow)
        {
            NewRequest = true,
            ServiceCode = "pothole",
            Answers = new Dictionary<string, string>(),
        });
        Assert.False(outcome.Succeeded);
        Assert.True(outcome.Problem!.Errors!.ContainsKey("answers.location"));
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_message_after_the_case_is_resolved_opens_a_new_case()
    {
        var phone = Http.NewPhone();
        var first = await ReceiveAsync(Sms(phone, "Pothole on 5th street"));
        var staff = await host.StaffClientAsync();
        await (await staff.PostJsonAsync($"/api/v1/cases/{first.Value!.CaseReference}/status", new { status = "resolved" })).JsonAsync(HttpStatusCode.OK);
        var next = await ReceiveAsync(Sms(phone, "Now a tree is down on 6th"));
        Assert.Equal(Threading.NewCase, next.Value!.Threading);
        Assert.NotEqual(first.Value.CaseReference, next.Value.CaseReference);
    }

    [Fact]
    public async Task A_reply_takes_a_case_off_waiting_on_citizen()
    {
        var phone = Http.NewPhone();
        var first = await ReceiveAsync(Sms(phone, "Noise from the bar next door every night"));
        var staff = await host.StaffClientAsync();
        await (await staff.PostJsonAsync($"/api/v1/cases/{first.Value!.CaseReference}/status", new { status = "waiting_on_citizen" })).JsonAsync(HttpStatusCode.OK);
        await ReceiveAsync(Sms(phone, $"Re {first.Value.CaseReference}: it is the bar at 12 Main"));
        var @case = await staff.GetJsonAsync($"/api/v1/cases/{first.Value.CaseReference}");
        Assert.Equal("in_progress", @case.GetProperty("status").GetString());
        Assert.Contains(@case.GetProperty("history").EnumerateArray(), h => h.GetProperty("text").GetString() == "The citizen replied by Sms.");
    }

    [Fact]
    public async Task Someone_elses_case_reference_never_threads_but_is_kept_for_the_agent()
    {
        var owner = await ReceiveAsync(Sms(Http.NewPhone(), "My recycling was missed"));
        var stranger = Http.NewPhone();
        var outcome = await ReceiveAsync(Sms(stranger, $"What is happening with {owner.Value!.CaseReference}?"));
        Assert.NotEqual(owner.Value.CaseReference, outcome.Value!.CaseReference);
        Assert.Equal(Threading.NewCase, outcome.Value.Threading);
        var quoted = await host.InDbAsync(db => db.Interactions.Where(i => i.Id == outcome.Value.InteractionId).Select(i => i.QuotedReference).SingleAsync());
        Assert.Equal(owner.Value.CaseReference, quoted);
    }

    [Fact]
    public async Task A_message_delivered_twice_is_recorded_once()
    {
        var phone = Http.NewPhone();
        var externalId = $"SM{Guid.NewGuid():N}";
        var first = await ReceiveAsync(Sms(phone, "Missed trash pickup", externalId));
        var before = await host.RowCountsAsync();
        var again = await ReceiveAsync(Sms(phone, "Missed trash pickup", externalId));
        Assert.True(again.Value!.Duplicate);
        Assert.Equal(first.Value!.InteractionId, again.Value.InteractionId);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Concurrent_first_messages_from_one_new_number_make_one_citizen()
    {
        var phone = Http.NewPhone();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => ReceiveAsync(Sms(phone, $"Message {i}"))));
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Problem?.Detail));
        Assert.Single(outcomes.Select(o => o.Value!.CitizenId).Distinct());
        var e164 = Http.E164(phone);
        Assert.Equal(1, await host.InDbAsync(db => db.ChannelIdentities.CountAsync(i => i.Value == e164)));
        Assert.Equal(4, await host.InDbAsync(db => db.Interactions.CountAsync(i => i.CitizenId == outcomes[0].Value!.CitizenId)));
    }

    [Fact]
    public async Task Every_intake_writes_its_events_to_the_outbox()
    {
        var outcome = await ReceiveAsync(Sms(Http.NewPhone(), "Graffiti on the library wall"));
        var events = await host.InDbAsync(db => db.Events.Where(e => e.CitizenId == outcome.Value!.CitizenId).OrderBy(e => e.Id).Select(e => e.Type).ToListAsync());
        Assert.Equal(["citizen.created", "case.created", "interaction.recorded"], events);
    }

    [Fact]
    public async Task A_sender_id_with_an_unpaired_surrogate_is_refused_naming_the_field()
    {
        // Found by the Open311 form property: PostgreSQL cannot encode it, and the identity look-up failed with a 500.
        var before = await host.RowCountsAsync();
        var outcome = await ReceiveAsync(new InboundContact(Channel.Mobile, IdentityKind.Device, "device-\uDDB7", "Graffiti", DateTime.UtcNow));
        Assert.False(outcome.Succeeded);
        Assert.True(outcome.Problem!.Errors!.ContainsKey("from"));
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Theory]
    [InlineData("not a number", "Body", "from")]
    [InlineData("+12175550123", "", "body")]
    public async Task Unusable_contacts_are_refused_naming_the_field(string from, string body, string field)
    {
        var before = await host.RowCountsAsync();
        var outcome = await ReceiveAsync(Sms(from, body));
        Assert.False(outcome.Succeeded);
        Assert.True(outcome.Problem!.Errors!.ContainsKey(field));
        Assert.Equal(before, await host.RowCountsAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class IntakePipelineOnSqlite(SqliteHost host) : IntakePipelineTests(host);

[Collection(PostgresCollection.Name)]
public sealed class IntakePipelineOnPostgres(PostgresHost host) : IntakePipelineTests(host);
