using CivicHub.Core.Citizens;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Intake;

/// <summary>Intake's use of what email brings: the messages a contact answers, its attachments, and automatic replies.</summary>
public abstract class ReplyThreadingTests(CivicHubHost host)
{
    private Task<Outcome<IntakeOutcome>> ReceiveAsync(InboundContact contact) =>
        host.InScopeAsync(sp => sp.GetRequiredService<IntakePipeline>().ReceiveAsync(contact, CancellationToken.None));

    private static InboundContact Email(string from, string body, string? externalId = null) =>
        new(Channel.Email, IdentityKind.Email, from, body, DateTime.UtcNow) { To = "help@civichub.example", ExternalId = externalId ?? $"{Guid.NewGuid():N}@mail.example" };

    private static string NewAddress() => $"{Guid.NewGuid():N}@mail.example";

    [Fact]
    public async Task A_reply_to_a_recorded_message_threads_onto_its_case_before_the_open_conversation()
    {
        var from = NewAddress();
        var first = await ReceiveAsync(Email(from, "My bin was not collected", "bin-1@mail.example"));
        var newer = await ReceiveAsync(Email(from, "Also a broken streetlight") with { NewRequest = true });

        var reply = await ReceiveAsync(Email(from, "It still has not been collected") with { InReplyTo = ["unknown@elsewhere", "bin-1@mail.example"] });

        Assert.Equal(Threading.Reply, reply.Value!.Threading);
        Assert.Equal(first.Value!.CaseReference, reply.Value.CaseReference);
        Assert.NotEqual(newer.Value!.CaseReference, reply.Value.CaseReference);
    }

    [Fact]
    public async Task A_reply_naming_someone_elses_message_never_joins_their_case()
    {
        var theirs = await ReceiveAsync(Email(NewAddress(), "Noise complaint", "noise-1@mail.example"));

        var stranger = await ReceiveAsync(Email(NewAddress(), "Me too") with { InReplyTo = ["noise-1@mail.example"] });

        Assert.Equal(Threading.NewCase, stranger.Value!.Threading);
        Assert.NotEqual(theirs.Value!.CaseReference, stranger.Value.CaseReference);
    }

    [Fact]
    public async Task Attachments_are_kept_within_the_limits_and_the_rest_are_named()
    {
        var files = Enumerable.Range(1, 11).Select(i => new InboundAttachment($"photo{i}.jpg", "image/jpeg") { Content = new byte[] { 0xFF, 0xD8, 0xFF, (byte)i } })
            .Append(new InboundAttachment("huge.bin", "application/octet-stream") { Content = new byte[(10 * 1024 * 1024) + 1] })
            .Append(new InboundAttachment("linked.jpg", "image/jpeg") { Url = "https://media.example/1.jpg" })
            .ToList();

        var outcome = await ReceiveAsync(Email(NewAddress(), "Photos of the pothole") with { Attachments = files });

        var (kept, body) = await host.InDbAsync(async db => (
            await db.Attachments.Where(a => a.InteractionId == outcome.Value!.InteractionId).OrderBy(a => a.FileName).Select(a => a.FileName).ToListAsync(),
            await db.Interactions.Where(i => i.Id == outcome.Value!.InteractionId).Select(i => i.Body).SingleAsync()));
        Assert.Equal(10, kept.Count);
        Assert.DoesNotContain("photo11.jpg", kept);
        Assert.Contains("photo11.jpg (more than 10 files)", body, StringComparison.Ordinal);
        Assert.Contains("huge.bin (larger than", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attachment_is_kept_by_what_its_bytes_are_and_not_by_what_the_sender_claims()
    {
        var files = new List<InboundAttachment>
        {
            new("invoice.pdf", "image/png") { Content = "%PDF-1.7 the bill"u8.ToArray() },
            new("photo.jpg", "image/jpeg") { Content = "MZ\u0090\0 an executable"u8.ToArray() },
            new("notes.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document") { Content = new byte[] { (byte)'P', (byte)'K', 3, 4, 0, 0 } },
            new("archive.zip", "application/zip") { Content = new byte[] { (byte)'P', (byte)'K', 3, 4, 0, 0 } },
        };

        var outcome = await ReceiveAsync(Email(NewAddress(), "My documents") with { Attachments = files });

        var (kept, body) = await host.InDbAsync(async db => (
            await db.Attachments.Where(a => a.InteractionId == outcome.Value!.InteractionId).OrderBy(a => a.FileName).Select(a => new { a.FileName, a.ContentType }).ToListAsync(),
            await db.Interactions.Where(i => i.Id == outcome.Value!.InteractionId).Select(i => i.Body).SingleAsync()));
        Assert.Equal(["invoice.pdf", "notes.docx"], kept.Select(k => k.FileName));
        Assert.Equal("application/pdf", kept[0].ContentType);
        Assert.Contains("photo.jpg (not an accepted kind of file)", body, StringComparison.Ordinal);
        Assert.Contains("archive.zip (not an accepted kind of file)", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attachments_follow_their_interaction_when_the_sender_is_merged_into_a_known_citizen()
    {
        var staff = await host.StaffClientAsync();
        var (known, _, _) = await staff.NewCitizenAsync("Rosa", "Delgado");
        var outcome = await ReceiveAsync(Email(NewAddress(), "Here is the photo") with
        {
            Attachments = [new InboundAttachment("photo.jpg", "image/jpeg") { Content = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 } }],
        });

        await (await staff.PostJsonAsync($"/api/v1/citizens/{outcome.Value!.CitizenId}/merge", new { intoCitizenId = known, reason = "Same person" }))
            .JsonAsync(HttpStatusCode.OK);

        Assert.Equal(known, await host.InDbAsync(db => db.Attachments.Where(a => a.InteractionId == outcome.Value.InteractionId).Select(a => a.CitizenId).SingleAsync()));
    }

    [Fact]
    public async Task An_automatic_reply_from_an_unknown_sender_records_nothing_and_creates_no_citizen()
    {
        var before = await host.RowCountsAsync();
        var from = NewAddress();

        var note = await host.InScopeAsync(sp => sp.GetRequiredService<IntakePipeline>().RecordAutomatedAsync(Email(from, "I am out of the office"), CancellationToken.None));

        Assert.Null(note);
        Assert.False(await host.InDbAsync(db => db.ChannelIdentities.AnyAsync(i => i.Value == from)));
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task An_automatic_reply_quoting_the_citizens_case_is_a_system_note_on_it()
    {
        var from = NewAddress();
        var opened = await ReceiveAsync(Email(from, "Where is my permit?"));

        var note = await host.InScopeAsync(sp => sp.GetRequiredService<IntakePipeline>().RecordAutomatedAsync(
            Email(from, "Out of office until Monday") with { Subject = $"Auto: Re: [Ref {opened.Value!.CaseReference}] Your permit" }, CancellationToken.None));

        var recorded = await host.InDbAsync(db => db.Interactions.AsNoTracking().SingleAsync(i => i.Id == note));
        Assert.Equal("system:system", recorded.Author);
        Assert.Equal(opened.Value!.CaseReference, await host.InDbAsync(db => db.Cases.Where(c => c.Id == recorded.CaseId).Select(c => c.Reference).SingleAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ReplyThreadingOnSqlite(SqliteHost host) : ReplyThreadingTests(host);

[Collection(PostgresCollection.Name)]
public sealed class ReplyThreadingOnPostgres(PostgresHost host) : ReplyThreadingTests(host);
