using CivicHub.Core.Access;
using CivicHub.Core.Citizens.Matching;
using CivicHub.Core.Demo;
using CivicHub.Core.Imports;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Privacy;

/// <summary>
/// The read and change paths that once went around the one enforcement point or the audit log: match reviews and
/// import links, merging, drafts, a citizen's messages and preferences, lists, and the purpose each read records.
/// </summary>
public abstract class RecordAccessAuditTests(CivicHubHost host)
{
    [Fact]
    public async Task A_match_review_shows_a_candidates_birth_date_and_evidence_only_to_staff_who_may_see_their_details_and_records_the_read()
    {
        var world = await AccessWorld.OfAsync(host);
        var dana = await host.StaffClientAsync("dana");
        // The record under review has a Public Works case, so Jordan (Public Works) sees it, and X (a candidate) too; not Y.
        var (record, _, _) = await dana.NewCitizenAsync("Ximena", "Review");
        await (await dana.PostJsonAsync("/api/v1/cases", new { citizenId = record, serviceCode = "streetlight-out", channel = "phone", description = "Light out", answers = new { location = "12 Elm Street" }, address = "12 Elm Street" }))
            .JsonAsync(HttpStatusCode.Created);
        var reviewId = await ReviewAsync(record, world.X, world.Y);
        var jordan = await host.StaffClientAsync("jordan");

        var review = await jordan.GetJsonAsync($"/api/v1/match-reviews/{reviewId}");

        var candidates = review.GetProperty("candidates").EnumerateArray().ToDictionary(c => c.GetProperty("citizenId").GetGuid());
        Assert.Equal("1990-05-17", candidates[world.X].GetProperty("dateOfBirth").GetString());
        Assert.Equal(JsonValueKind.Object, candidates[world.X].GetProperty("evidence").ValueKind);
        Assert.Equal(JsonValueKind.Null, candidates[world.Y].GetProperty("dateOfBirth").ValueKind);
        Assert.Equal(JsonValueKind.Null, candidates[world.Y].GetProperty("evidence").ValueKind);
        Assert.Contains("contact_details", candidates[world.Y].GetProperty("withheld").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal("Yusuf Access", candidates[world.Y].GetProperty("displayName").GetString());
        var taylor = await host.StaffClientAsync("taylor");
        var asTaylor = await taylor.GetJsonAsync($"/api/v1/match-reviews/{reviewId}");
        Assert.Equal(JsonValueKind.Null, asTaylor.GetProperty("evidence").ValueKind);

        var id = reviewId.ToString("D");
        var reads = await host.InDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.RecordKind == AuditRecords.MatchReview && e.RecordId == id).ToListAsync());
        var jordans = reads.Where(e => e.ActorName == "Jordan Lee").Select(e => e.CitizenId).ToHashSet();
        Assert.Equal(new HashSet<Guid?> { record, world.X, world.Y }, jordans);
    }

    [Fact]
    public async Task The_list_of_match_reviews_is_recorded_as_one_entry_naming_the_citizens_shown()
    {
        var world = await AccessWorld.OfAsync(host);
        var dana = await host.StaffClientAsync("dana");
        var (record, _, _) = await dana.NewCitizenAsync("Listed", "Review");
        var reviewId = await ReviewAsync(record, world.Z);
        var importId = await host.InDbAsync(db => db.MatchReviews.Where(r => r.Id == reviewId).Select(r => r.ImportId).SingleAsync());
        var luis = await host.StaffClientAsync("luis");

        var listed = await luis.GetJsonAsync($"/api/v1/match-reviews?importId={importId}");

        Assert.Single(listed.EnumerateArray());
        var entry = await host.InDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.RecordKind == AuditRecords.MatchReviewList && e.ActorName == "Luis Ortega").OrderByDescending(e => e.Id).FirstAsync());
        Assert.Equal(AuditAction.Read, entry.Action);
        Assert.Null(entry.CitizenId);
        Assert.Equal(new[] { record, world.Z }.Order(), entry.RecordId.Split(',').Select(Guid.Parse).Order());
    }

    [Fact]
    public async Task Import_links_show_evidence_only_to_a_reader_who_may_see_the_citizens_details_and_the_list_is_recorded()
    {
        var world = await AccessWorld.OfAsync(host);
        var importId = Guid.CreateVersion7();
        await host.InDbAsync(async db =>
        {
            var recordCitizen = await db.Citizens.Where(c => c.Id == world.Y).Select(c => c.Id).SingleAsync();
            db.CitizenImports.Add(new CitizenImport { Id = importId, Source = "tax-roll", Map = "[]", StartedBy = "staff:test", StartedAt = DateTime.UtcNow, Status = ImportStatus.Completed });
            db.SourceRecordLinks.Add(new SourceRecordLink
            {
                Id = Guid.CreateVersion7(),
                ImportId = importId,
                Line = 2,
                Source = "tax-roll",
                CitizenId = world.Y,
                RecordCitizenId = recordCitizen,
                Score = 14.2,
                Evidence = """{"exact":null,"fields":[{"field":"date_of_birth","level":"exact","weight":6.1}]}""",
                Decision = LinkDecision.Auto,
                DecidedBy = "system",
                DecidedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

        var asSupervisor = Assert.Single((await (await host.StaffClientAsync("priya")).GetJsonAsync($"/api/v1/imports/{importId}/links")).EnumerateArray());
        var asAdministrator = Assert.Single((await (await host.StaffClientAsync("morgan")).GetJsonAsync($"/api/v1/imports/{importId}/links")).EnumerateArray());

        Assert.Equal(JsonValueKind.Object, asSupervisor.GetProperty("evidence").ValueKind);
        Assert.Equal(JsonValueKind.Null, asAdministrator.GetProperty("evidence").ValueKind);
        Assert.Contains("contact_details", asAdministrator.GetProperty("withheld").EnumerateArray().Select(w => w.GetString()));
        var entries = await host.InDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.RecordKind == AuditRecords.ImportLinks && e.RecordId == world.Y.ToString("D")).ToListAsync());
        Assert.Contains(entries, e => e.ActorName == "Priya Raman");
        Assert.Contains(entries, e => e.ActorName == "Morgan Hayes");
    }

    [Fact]
    public async Task A_merge_moves_the_consents_and_is_recorded_as_a_change_of_both_records_and_undone_likewise()
    {
        var dana = await host.StaffClientAsync("dana");
        var (duplicate, _, _) = await dana.NewCitizenAsync("Consenting", "Duplicate");
        var (kept, _, _) = await dana.NewCitizenAsync("Consenting", "Kept");
        var benefits = await host.InDbAsync(db => db.DataSharingAgreements.Where(a => a.Name == DemoAgreements.BenefitsAssessment).Select(a => a.Id).SingleAsync());
        await (await dana.PostJsonAsync($"/api/v1/citizens/{duplicate}/consents", new { agreementId = benefits, channel = "phone" })).JsonAsync(HttpStatusCode.OK);

        var merge = await (await dana.PostJsonAsync($"/api/v1/citizens/{duplicate}/merge", new { intoCitizenId = kept, reason = "Same person" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(kept, await host.InDbAsync(db => db.CitizenConsents.Where(k => k.AgreementId == benefits && (k.CitizenId == kept || k.CitizenId == duplicate)).Select(k => k.CitizenId).SingleAsync()));
        var mergeId = merge.GetProperty("id").GetGuid();
        var entries = await EntriesAsync(mergeId, kept, duplicate);
        Assert.Contains(entries, e => e.RecordKind == AuditRecords.Merge && e.CitizenId == duplicate && e.Action == AuditAction.Update);
        Assert.Contains(entries, e => e.RecordKind == AuditRecords.Merge && e.CitizenId == kept && e.Action == AuditAction.Update);
        Assert.Contains(entries, e => e.RecordKind == AuditRecords.Identity && e.CitizenId == kept && e.Action == AuditAction.Update);
        Assert.Contains(entries, e => e.RecordKind == AuditRecords.Consent && e.CitizenId == kept && e.Action == AuditAction.Update);
        Assert.All(entries.Where(e => e.RecordKind == AuditRecords.Merge), e => Assert.Equal("Dana Whitfield", e.ActorName));

        await (await dana.PostJsonAsync($"/api/v1/citizen-merges/{mergeId}/undo", new { })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(duplicate, await host.InDbAsync(db => db.CitizenConsents.Where(k => k.AgreementId == benefits && (k.CitizenId == kept || k.CitizenId == duplicate)).Select(k => k.CitizenId).SingleAsync()));
        Assert.Contains(await EntriesAsync(mergeId, kept, duplicate), e => e.RecordKind == AuditRecords.Consent && e.CitizenId == duplicate);
    }

    [Fact]
    public async Task A_caseworker_is_refused_a_merge_of_records_with_another_departments_cases_and_nothing_changes()
    {
        var world = await AccessWorld.OfAsync(host);
        var dana = await host.StaffClientAsync("dana");
        var (duplicate, _, _) = await dana.NewCitizenAsync("Refused", "Duplicate");
        await (await dana.PostJsonAsync("/api/v1/cases", new { citizenId = duplicate, serviceCode = "tax-bill-question", channel = "phone", description = "Bill", answers = new { details = "About my bill" } }))
            .JsonAsync(HttpStatusCode.Created);
        var before = await host.RowCountsAsync();
        var taylor = await host.StaffClientAsync("taylor");

        // X has cases of Public Works, Code Enforcement and Health, which Taylor (Tax) may not see.
        var problem = await (await taylor.PostJsonAsync($"/api/v1/citizens/{duplicate}/merge", new { intoCitizenId = world.X })).ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Contains("the kept record", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await host.InDbAsync(db => db.Citizens.Where(c => c.Id == duplicate).Select(c => c.MergedIntoId).SingleAsync()));
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_caseworker_may_not_start_save_or_submit_a_draft_of_another_departments_service()
    {
        var world = await AccessWorld.OfAsync(host);
        var sam = await host.StaffClientAsync("sam");
        var draftId = world.Cases["PubworksX"].DraftId;

        await (await sam.PutAsJsonAsync(Http.Url($"/api/v1/drafts/{draftId}"), new { channel = "phone", answers = new { location = "1 Main Street" } })).ProblemAsync(HttpStatusCode.NotFound);
        await (await sam.PostJsonAsync($"/api/v1/drafts/{draftId}/submit", new { channel = "phone" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await sam.PostJsonAsync("/api/v1/drafts", new { citizenId = world.X, serviceCode = "streetlight-out", channel = "phone" })).ProblemAsync(HttpStatusCode.Forbidden);

        var jordan = await host.StaffClientAsync("jordan");
        var saved = await (await jordan.PutAsJsonAsync(Http.Url($"/api/v1/drafts/{draftId}"), new { channel = "phone", answers = new { location = "1 Main Street" } })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("1 Main Street", saved.GetProperty("answers").GetProperty("location").GetString());
    }

    [Fact]
    public async Task Reading_a_citizens_messages_and_preferences_is_recorded()
    {
        var dana = await host.StaffClientAsync("dana");
        var (citizenId, _, _) = await dana.NewCitizenAsync();

        await dana.GetJsonAsync($"/api/v1/citizens/{citizenId}/messages");
        await dana.GetJsonAsync($"/api/v1/citizens/{citizenId}/preferences");

        var kinds = await host.InDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.CitizenId == citizenId && e.Action == AuditAction.Read).Select(e => e.RecordKind).ToListAsync());
        Assert.Contains(AuditRecords.Messages, kinds);
        Assert.Contains(AuditRecords.Preferences, kinds);
    }

    [Fact]
    public async Task A_read_allowed_by_an_agreement_records_its_purpose_and_the_agreement_beside_the_callers_purpose()
    {
        var world = await AccessWorld.OfAsync(host);
        var sam = await host.StaffClientAsync("sam");
        var taylor = await host.StaffClientAsync("taylor");
        var reference = world.Cases["TaxY"].Reference;

        await sam.GetJsonAsync($"/api/v1/cases/{reference}");
        await taylor.GetJsonAsync($"/api/v1/cases/{reference}");

        var benefits = await host.InDbAsync(db => db.DataSharingAgreements.Where(a => a.Name == DemoAgreements.BenefitsAssessment).SingleAsync());
        var reads = await host.InDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.RecordKind == AuditRecords.Case && e.RecordId == reference && e.Action == AuditAction.Read).ToListAsync());
        var bySam = reads.Last(e => e.ActorDepartments == "SOCIAL");
        Assert.Equal(benefits.Purpose, bySam.Purpose);
        Assert.Equal(benefits.Id, bySam.AgreementId);
        Assert.Equal("case work in SOCIAL", bySam.CallerPurpose);
        var byTaylor = reads.Last(e => e.ActorDepartments == "TAX");
        Assert.Equal("Work of your own department.", byTaylor.Purpose);
        Assert.Null(byTaylor.AgreementId);
        Assert.Equal("case work in TAX", byTaylor.CallerPurpose);
    }

    [Fact]
    public async Task A_live_list_records_each_citizen_it_shows_once_while_open_in_one_entry_naming_them()
    {
        var dana = await host.StaffClientAsync("dana");
        var (first, _, _) = await dana.NewCitizenAsync();
        var (second, _, _) = await dana.NewCitizenAsync();
        var kind = AuditRecords.InboxList;
        var source = new AuditSource(new Actor(ActorKind.Staff, Guid.NewGuid().ToString(), "List Reader", Core.Staff.StaffRole.Agent), ["CONTACT"], "case work in CONTACT", "198.51.100.4", null);
        var shown = new ShownCitizens();

        foreach (var refresh in new[] { new[] { first }, [first, second], [second, first] })
        {
            await host.InScopeAsync(async sp =>
            {
                await sp.GetRequiredService<AuditTrail>().RecordListAsync(source, kind, shown.Newly(refresh), CancellationToken.None);
                return 0;
            });
        }

        var entries = await host.InDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.ActorId == source.Actor.Id).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([first.ToString("D"), second.ToString("D")], entries.Select(e => e.RecordId));
        Assert.All(entries, e => Assert.Equal(kind, e.RecordKind));
    }

    private Task<List<AuditEntry>> EntriesAsync(Guid mergeId, Guid kept, Guid duplicate) =>
        host.InDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.CitizenId == kept || e.CitizenId == duplicate || e.RecordId == mergeId.ToString())
            .ToListAsync());

    /// <summary>A review of <paramref name="record"/> against candidates, best first, as an import files it.</summary>
    private async Task<Guid> ReviewAsync(Guid record, params Guid[] candidates)
    {
        const string evidence = """{"exact":null,"fields":[{"field":"date_of_birth","level":"exact","weight":6.1}]}""";
        var reviewId = Guid.CreateVersion7();
        await host.InDbAsync(async db =>
        {
            var importId = Guid.CreateVersion7();
            db.CitizenImports.Add(new CitizenImport { Id = importId, Source = "review-test", Map = "[]", StartedBy = "staff:test", StartedAt = DateTime.UtcNow, Status = ImportStatus.Completed });
            var linkId = Guid.CreateVersion7();
            db.SourceRecordLinks.Add(new SourceRecordLink
            {
                Id = linkId,
                ImportId = importId,
                Line = 2,
                Source = "review-test",
                CitizenId = record,
                RecordCitizenId = record,
                Score = 8,
                Evidence = evidence,
                Decision = LinkDecision.Pending,
                DecidedBy = "system",
                DecidedAt = DateTime.UtcNow,
            });
            db.MatchReviews.Add(new MatchReview
            {
                Id = reviewId,
                ImportId = importId,
                LinkId = linkId,
                CitizenId = record,
                CandidateId = candidates[0],
                Score = 8,
                Evidence = evidence,
                Candidates = JsonSerializer.Serialize(candidates.Select(c => new { citizenId = c, score = 8.0, evidence = JsonDocument.Parse(evidence).RootElement })),
                Status = MatchReviewStatus.Open,
                CreatedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        return reviewId;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RecordAccessAuditOnSqlite(SqliteHost host) : RecordAccessAuditTests(host);

[Collection(PostgresCollection.Name)]
public sealed class RecordAccessAuditOnPostgres(PostgresHost host) : RecordAccessAuditTests(host);
