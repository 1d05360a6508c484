using System.Data.Common;
using CivicHub.Core.Access;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Privacy;

/// <summary>The tamper-evident audit log: what is recorded, the chain, the database's refusals, and who may read it.</summary>
public abstract class AuditTests(CivicHubHost host)
{
    [Fact]
    public async Task A_360_read_by_dana_is_logged_with_her_purpose_and_the_forwarded_address()
    {
        var dana = await host.StaffClientAsync("dana");
        var (citizenId, _, _) = await dana.NewCitizenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, Http.Url($"/api/v1/citizens/{citizenId}"));
        request.Headers.Add("CivicHub-Purpose", "Returning a call about a tax bill");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.UserAgent.ParseAdd("DeskTest/1.0");
        await (await dana.SendAsync(request)).JsonAsync(HttpStatusCode.OK);

        var priya = await host.StaffClientAsync("priya");
        var reads = await ItemsAsync(priya, $"/api/v1/audit?citizenId={citizenId}&action=read");
        var read = Assert.Single(reads, e => e.GetProperty("recordKind").GetString() == AuditRecords.Citizen);
        Assert.Equal("Dana Whitfield", read.GetProperty("actorName").GetString());
        Assert.Equal("staff", read.GetProperty("actorKind").GetString());
        Assert.Equal("agent", read.GetProperty("actorRole").GetString());
        Assert.Equal(["CONTACT"], read.GetProperty("actorDepartments").EnumerateArray().Select(d => d.GetString()));
        // Dana sees the record through the contact centre's agreement: its purpose is the read's, hers stays beside it.
        Assert.Equal("Answering citizens' enquiries on any channel.", read.GetProperty("purpose").GetString());
        Assert.Equal("Returning a call about a tax bill", read.GetProperty("callerPurpose").GetString());
        Assert.NotEqual(JsonValueKind.Null, read.GetProperty("agreementId").ValueKind);
        Assert.Equal("Municipal code, chapter 2 (the 311 service answers for every department).", read.GetProperty("legalBasis").GetString());
        Assert.Equal("203.0.113.7", read.GetProperty("remoteAddress").GetString());
        Assert.Equal("DeskTest/1.0", read.GetProperty("userAgent").GetString());
        Assert.Equal(citizenId.ToString("D"), read.GetProperty("recordId").GetString());
    }

    [Fact]
    public async Task A_360_read_of_a_citizen_that_does_not_exist_is_not_logged()
    {
        var dana = await host.StaffClientAsync("dana");
        var nobody = Guid.NewGuid();
        await dana.GetJsonAsync($"/api/v1/citizens/{nobody}", HttpStatusCode.NotFound);
        var (citizenId, _, _) = await dana.NewCitizenAsync();
        await dana.GetJsonAsync($"/api/v1/citizens/{citizenId}");

        // The read just before has its entry, so the missing one is not a matter of timing.
        Assert.Equal(0, await host.InDbAsync(db => db.AuditEntries.CountAsync(e => e.CitizenId == nobody)));
        Assert.Equal(1, await host.InDbAsync(db => db.AuditEntries.CountAsync(e => e.CitizenId == citizenId && e.Action == AuditAction.Read)));
    }

    [Fact]
    public async Task Each_timeline_page_read_is_logged_once_with_the_ground_of_the_agreement_and_a_missing_citizen_not_at_all()
    {
        var dana = await host.StaffClientAsync("dana");
        var nobody = Guid.NewGuid();
        await dana.GetJsonAsync($"/api/v1/citizens/{nobody}/timeline", HttpStatusCode.NotFound);
        var (citizenId, _, _) = await dana.NewCitizenAsync();
        for (var i = 0; i < 3; i++)
        {
            await (await dana.PostJsonAsync("/api/v1/interactions", new { citizenId, channel = "phone", body = $"Call {i}" }))
                .JsonAsync(HttpStatusCode.Created);
        }

        var first = await dana.GetJsonAsync($"/api/v1/citizens/{citizenId}/timeline?limit=2");
        var second = await dana.GetJsonAsync($"/api/v1/citizens/{citizenId}/timeline?limit=2&cursor={first.GetProperty("nextCursor").GetString()}");
        Assert.Equal(["Call 2", "Call 1"], first.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("body").GetString()));
        Assert.Equal(["Call 0"], second.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("body").GetString()));

        var priya = await host.StaffClientAsync("priya");
        var reads = (await ItemsAsync(priya, $"/api/v1/audit?citizenId={citizenId}&action=read"))
            .Where(e => e.GetProperty("recordKind").GetString() == AuditRecords.Timeline).ToList();
        Assert.Equal(2, reads.Count);
        Assert.All(reads, read =>
        {
            Assert.Equal("Answering citizens' enquiries on any channel.", read.GetProperty("purpose").GetString());
            Assert.NotEqual(JsonValueKind.Null, read.GetProperty("agreementId").ValueKind);
        });
        Assert.Equal(0, await host.InDbAsync(db => db.AuditEntries.CountAsync(e => e.CitizenId == nobody)));
    }

    [Fact]
    public async Task Without_a_stated_purpose_the_callers_purpose_is_case_work_in_their_department_from_the_proxy_address()
    {
        var dana = await host.StaffClientAsync("dana");
        var (citizenId, _, _) = await dana.NewCitizenAsync();
        await dana.GetJsonAsync($"/api/v1/citizens/{citizenId}/timeline");

        var priya = await host.StaffClientAsync("priya");
        var read = Assert.Single(await ItemsAsync(priya, $"/api/v1/audit?citizenId={citizenId}&action=read"));
        Assert.Equal(AuditRecords.Timeline, read.GetProperty("recordKind").GetString());
        Assert.Equal("case work in CONTACT", read.GetProperty("callerPurpose").GetString());
        Assert.Equal(ProxyInFront.Address, read.GetProperty("remoteAddress").GetString());
    }

    [Fact]
    public async Task A_case_status_change_is_recorded_once_as_the_staff_member_who_made_it()
    {
        var dana = await host.StaffClientAsync("dana");
        var (citizenId, _, _) = await dana.NewCitizenAsync();
        var reference = (await (await dana.PostJsonAsync("/api/v1/cases", new { citizenId, channel = "phone", description = "Pothole on Elm" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString();
        await (await dana.PostJsonAsync($"/api/v1/cases/{reference}/status", new { status = "triaged" })).JsonAsync(HttpStatusCode.OK);

        var priya = await host.StaffClientAsync("priya");
        var updates = (await ItemsAsync(priya, $"/api/v1/audit?citizenId={citizenId}&action=update"))
            .Where(e => e.GetProperty("recordKind").GetString() == AuditRecords.Case).ToList();
        var update = Assert.Single(updates);
        Assert.Equal(reference, update.GetProperty("recordId").GetString());
        Assert.Equal("staff", update.GetProperty("actorKind").GetString());
        Assert.Equal(["CONTACT"], update.GetProperty("actorDepartments").EnumerateArray().Select(d => d.GetString()));
        var creates = await ItemsAsync(priya, $"/api/v1/audit?citizenId={citizenId}&action=create");
        Assert.Single(creates, e => e.GetProperty("recordKind").GetString() == AuditRecords.Case);
        Assert.Single(creates, e => e.GetProperty("recordKind").GetString() == AuditRecords.Citizen);
    }

    [Fact]
    public async Task The_sealed_chain_verifies_through_the_api()
    {
        var dana = await host.StaffClientAsync("dana");
        var (citizenId, _, _) = await dana.NewCitizenAsync();
        await dana.GetJsonAsync($"/api/v1/citizens/{citizenId}");
        await host.WaitSealedAsync();

        var priya = await host.StaffClientAsync("priya");
        var verification = await priya.GetJsonAsync("/api/v1/audit/verification");
        Assert.True(verification.GetProperty("intact").GetBoolean(), verification.ToString());
        Assert.True(verification.GetProperty("sealedEntries").GetInt64() > 0);
        var read = Assert.Single(await ItemsAsync(priya, $"/api/v1/audit?citizenId={citizenId}&action=read"));
        Assert.Equal(64, read.GetProperty("hash").GetString()!.Length);
        Assert.True(read.GetProperty("sequence").GetInt64() > 0);
    }

    [Fact]
    public async Task A_sealed_entry_changed_behind_the_databases_back_is_reported_as_the_broken_link()
    {
        await SomeSealedEntriesAsync();
        var ((entry, seal), _) = await host.SealedPairAsync();

        await host.TamperAsync($"UPDATE \"AuditEntries\" SET \"Purpose\" = 'nothing to see here' WHERE \"Id\" = {entry.Id}");
        try
        {
            var verification = await host.VerifyAsync();
            Assert.False(verification.Intact);
            Assert.Equal(entry.Id, verification.BrokenEntryId);
            Assert.Equal(seal.Sequence, verification.BrokenAtSequence);
            Assert.Contains("changed", verification.Problem, StringComparison.Ordinal);
        }
        finally
        {
            await host.TamperAsync($"UPDATE \"AuditEntries\" SET \"Purpose\" = '{entry.Purpose.Replace("'", "''", StringComparison.Ordinal)}' WHERE \"Id\" = {entry.Id}");
        }

        Assert.True((await host.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task A_deleted_sealed_entry_is_reported_missing_by_its_seal()
    {
        await SomeSealedEntriesAsync();
        var ((entry, seal), _) = await host.SealedPairAsync();

        await host.TamperAsync($"DELETE FROM \"AuditEntries\" WHERE \"Id\" = {entry.Id}");
        try
        {
            var verification = await host.VerifyAsync();
            Assert.False(verification.Intact);
            Assert.Equal(seal.Sequence, verification.BrokenAtSequence);
            Assert.Equal(entry.Id, verification.BrokenEntryId);
            Assert.Contains("missing", verification.Problem, StringComparison.Ordinal);
        }
        finally
        {
            await host.RestoreAsync(entry);
        }

        Assert.True((await host.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task A_sealed_entry_deleted_with_its_seal_leaves_a_gap_that_is_reported()
    {
        await SomeSealedEntriesAsync();
        var ((entry, seal), _) = await host.SealedPairAsync();

        await host.TamperAsync(
            $"DELETE FROM \"AuditSeals\" WHERE \"Sequence\" = {seal.Sequence}",
            $"DELETE FROM \"AuditEntries\" WHERE \"Id\" = {entry.Id}");
        try
        {
            var verification = await host.VerifyAsync();
            Assert.False(verification.Intact);
            Assert.Equal(seal.Sequence, verification.BrokenAtSequence);
            Assert.Contains("missing", verification.Problem, StringComparison.Ordinal);
        }
        finally
        {
            await host.RestoreAsync(entry, seal);
        }

        Assert.True((await host.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task Sealed_entries_swapped_in_the_chain_are_reported()
    {
        await SomeSealedEntriesAsync();
        var (first, second) = await host.SealedPairAsync();

        // Each entry takes the other's place: its seal moves to the other's sequence number.
        string[] Give(AuditSeal one, long itsSequence, AuditSeal other, long othersSequence) =>
        [
            $"UPDATE \"AuditSeals\" SET \"Sequence\" = -1 WHERE \"EntryId\" = {one.EntryId}",
            $"UPDATE \"AuditSeals\" SET \"Sequence\" = {othersSequence} WHERE \"EntryId\" = {other.EntryId}",
            $"UPDATE \"AuditSeals\" SET \"Sequence\" = {itsSequence} WHERE \"EntryId\" = {one.EntryId}",
        ];
        await host.TamperAsync(Give(first.Seal, second.Seal.Sequence, second.Seal, first.Seal.Sequence));
        try
        {
            var verification = await host.VerifyAsync();
            Assert.False(verification.Intact);
            Assert.Equal(first.Seal.Sequence, verification.BrokenAtSequence);
            Assert.Equal(second.Entry.Id, verification.BrokenEntryId);
        }
        finally
        {
            await host.TamperAsync(Give(second.Seal, second.Seal.Sequence, first.Seal, first.Seal.Sequence));
        }

        Assert.True((await host.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_an_entry_or_a_seal_sealed_or_not()
    {
        await SomeSealedEntriesAsync();
        var ((entry, seal), _) = await host.SealedPairAsync();
        // An id below every one the sealer looks at: it stays unsealed throughout.
        var unsealed = new AuditEntry
        {
            Id = -Random.Shared.NextInt64(1, long.MaxValue),
            OccurredAt = DateTime.UtcNow,
            ActorKind = ActorKind.System,
            ActorId = "test",
            ActorName = "Test",
            Action = AuditAction.Read,
            RecordKind = AuditRecords.Citizen,
            RecordId = "not sealed",
            Purpose = "Testing the append-only triggers",
        };
        await host.RestoreAsync(unsealed);
        try
        {
            foreach (var id in new[] { entry.Id, unsealed.Id })
            {
                await Assert.ThrowsAnyAsync<DbException>(() => host.InDbAsync(db =>
                    db.Database.ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"Purpose\" = 'rewritten' WHERE \"Id\" = {id}")));
                await Assert.ThrowsAnyAsync<DbException>(() => host.InDbAsync(db =>
                    db.Database.ExecuteSqlAsync($"DELETE FROM \"AuditEntries\" WHERE \"Id\" = {id}")));
            }

            Assert.Equal("not sealed", (await host.InDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Id == unsealed.Id))).RecordId);
            Assert.False(await host.InDbAsync(db => db.AuditSeals.AnyAsync(s => s.EntryId == unsealed.Id)));
        }
        finally
        {
            await host.TamperAsync($"DELETE FROM \"AuditEntries\" WHERE \"Id\" = {unsealed.Id}");
        }

        await Assert.ThrowsAnyAsync<DbException>(() => host.InDbAsync(db =>
            db.Database.ExecuteSqlAsync($"UPDATE \"AuditSeals\" SET \"Hash\" = {new string('0', 64)} WHERE \"Sequence\" = {seal.Sequence}")));
        await Assert.ThrowsAnyAsync<DbException>(() => host.InDbAsync(db =>
            db.Database.ExecuteSqlAsync($"DELETE FROM \"AuditSeals\" WHERE \"Sequence\" = {seal.Sequence}")));

        Assert.Equal(entry.Purpose, (await host.InDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Id == entry.Id))).Purpose);
        Assert.Equal(seal.Hash, (await host.InDbAsync(db => db.AuditSeals.AsNoTracking().SingleAsync(s => s.Sequence == seal.Sequence))).Hash);
    }

    [Fact]
    public async Task A_citizen_sees_the_department_that_looked_at_their_record_and_nothing_about_others()
    {
        var dana = await host.StaffClientAsync("dana");
        var taylor = await host.StaffClientAsync("taylor");
        var (mine, _, _) = await dana.NewCitizenAsync();
        var (theirs, _, _) = await dana.NewCitizenAsync();
        await dana.GetJsonAsync($"/api/v1/citizens/{mine}");
        using var request = new HttpRequestMessage(HttpMethod.Get, Http.Url($"/api/v1/citizens/{theirs}"));
        request.Headers.Add("CivicHub-Purpose", "Only about the other citizen");
        await (await taylor.SendAsync(request)).JsonAsync(HttpStatusCode.OK);

        var seen = await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccessLog>().ForCitizenAsync(mine, CancellationToken.None));
        var read = Assert.Single(seen, a => a.Action == AuditAction.Read);
        Assert.Equal("311 Contact Centre", read.Department);
        Assert.Equal("agent", read.Role);
        // The citizen is told the ground their record was opened on: the contact centre's agreement.
        Assert.Equal("Answering citizens' enquiries on any channel.", read.Purpose);
        Assert.DoesNotContain(seen, a => a.Purpose == "Only about the other citizen" || a.Department == "Tax");
        Assert.All(seen, a => Assert.NotEqual("Tax", a.Department));
    }

    [Fact]
    public async Task The_export_streams_csv_and_json_lines_with_the_filter_applied_and_is_itself_recorded()
    {
        var dana = await host.StaffClientAsync("dana");
        var (wanted, _, _) = await dana.NewCitizenAsync();
        var (other, _, _) = await dana.NewCitizenAsync();
        await dana.GetJsonAsync($"/api/v1/citizens/{wanted}");
        await dana.GetJsonAsync($"/api/v1/citizens/{other}");
        var priya = await host.StaffClientAsync("priya");

        var csv = await priya.GetAsync(Http.Url($"/api/v1/audit/export?format=csv&citizenId={wanted}&action=read"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,occurred_at,actor_kind", lines[0], StringComparison.Ordinal);
        var row = Assert.Single(lines[1..]);
        Assert.Contains(wanted.ToString("D"), row, StringComparison.Ordinal);
        Assert.Contains(",read,citizen,", row, StringComparison.Ordinal);
        Assert.Contains("\"Municipal code, chapter 2 (the 311 service answers for every department).\"", row, StringComparison.Ordinal);
        Assert.DoesNotContain(other.ToString("D"), row, StringComparison.Ordinal);

        var jsonl = await priya.GetAsync(Http.Url($"/api/v1/audit/export?format=jsonl&citizenId={wanted}"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("application/jsonl", jsonl.Content.Headers.ContentType?.MediaType);
        var entries = (await jsonl.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "read");
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "create");
        Assert.All(entries, e => Assert.Equal(wanted, e.GetProperty("citizenId").GetGuid()));

        // Taking the log away is an access of its own, with the filter it used.
        var exports = await ItemsAsync(priya, $"/api/v1/audit?citizenId={wanted}&action=export");
        Assert.Equal(2, exports.Count);
        Assert.All(exports, e => Assert.Equal(AuditRecords.AuditLog, e.GetProperty("recordKind").GetString()));
    }

    [Fact]
    public async Task Only_supervisors_and_administrators_read_the_audit_log()
    {
        var dana = await host.StaffClientAsync("dana");
        var integration = await host.IntegrationClientAsync();
        foreach (var path in new[] { "/api/v1/audit", "/api/v1/audit/export", "/api/v1/audit/verification" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await dana.GetAsync(Http.Url(path))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await integration.GetAsync(Http.Url(path))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.AnonymousClient().GetAsync(Http.Url(path))).StatusCode);
        }

        var morgan = await host.StaffClientAsync("morgan");
        await morgan.GetJsonAsync("/api/v1/audit?limit=1");
        await (await morgan.GetAsync(Http.Url("/api/v1/audit?action=peek"))).ProblemAsync(HttpStatusCode.BadRequest, "action");
        await (await morgan.GetAsync(Http.Url("/api/v1/audit?from=yesterday"))).ProblemAsync(HttpStatusCode.BadRequest, "from");
        await (await morgan.GetAsync(Http.Url("/api/v1/audit/export?format=xlsx"))).ProblemAsync(HttpStatusCode.BadRequest, "format");
    }

    [Fact]
    public async Task Pages_follow_the_cursor_without_repeating_an_entry()
    {
        var dana = await host.StaffClientAsync("dana");
        var (citizenId, _, _) = await dana.NewCitizenAsync();
        for (var i = 0; i < 3; i++)
        {
            await dana.GetJsonAsync($"/api/v1/citizens/{citizenId}");
        }

        var priya = await host.StaffClientAsync("priya");
        var first = await priya.GetJsonAsync($"/api/v1/audit?citizenId={citizenId}&action=read&limit=2");
        var cursor = first.GetProperty("nextCursor").GetString();
        Assert.NotNull(cursor);
        var second = await priya.GetJsonAsync($"/api/v1/audit?citizenId={citizenId}&action=read&limit=2&cursor={cursor}");
        Assert.Null(second.GetProperty("nextCursor").GetString());
        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(ids.OrderByDescending(id => id), ids);
    }

    [Fact]
    public async Task A_search_is_one_entry_naming_the_citizens_it_returned()
    {
        var dana = await host.StaffClientAsync("dana");
        // Letters only: hex digits made the text read as a phone number now and then (libphonenumber maps letters to
        // keypad digits), and the search then found nobody.
        var family = "Searchable" + Imports.Imports.NewName();
        var (first, _, _) = await dana.NewCitizenAsync("Ana", family);
        var (second, _, _) = await dana.NewCitizenAsync("Luz", family);
        var found = await dana.GetJsonAsync($"/api/v1/citizens?q={family}");
        Assert.Equal(2, found.GetArrayLength());

        var priya = await host.StaffClientAsync("priya");
        var searches = (await ItemsAsync(priya, $"/api/v1/audit?actorId={Uri.EscapeDataString(await StaffIdAsync("dana"))}&action=search&limit=20"))
            .Where(e => e.GetProperty("recordId").GetString()!.Contains(first.ToString("D"), StringComparison.Ordinal)).ToList();
        var search = Assert.Single(searches);
        Assert.Contains(second.ToString("D"), search.GetProperty("recordId").GetString(), StringComparison.Ordinal);
        Assert.Equal(AuditRecords.CitizenSearch, search.GetProperty("recordKind").GetString());
        Assert.Equal(JsonValueKind.Null, search.GetProperty("citizenId").ValueKind);
    }

    private async Task<string> StaffIdAsync(string userName) =>
        (await host.InDbAsync(db => db.Staff.Where(s => s.UserName == userName).Select(s => s.Id).SingleAsync())).ToString("D");

    private async Task SomeSealedEntriesAsync()
    {
        var dana = await host.StaffClientAsync("dana");
        var (citizenId, _, _) = await dana.NewCitizenAsync();
        await dana.GetJsonAsync($"/api/v1/citizens/{citizenId}");
        await dana.GetJsonAsync($"/api/v1/citizens/{citizenId}/timeline");
        await host.WaitSealedAsync();
    }

    private static async Task<List<JsonElement>> ItemsAsync(HttpClient client, string path) =>
        (await client.GetJsonAsync(path)).GetProperty("items").EnumerateArray().ToList();
}

[Collection(SqliteCollection.Name)]
public sealed class AuditOnSqlite(SqliteHost host) : AuditTests(host);

[Collection(PostgresCollection.Name)]
public sealed class AuditOnPostgres(PostgresHost host) : AuditTests(host);
