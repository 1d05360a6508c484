using CivicHub.Core.Access;
using CivicHub.Core.Catalog;
using CivicHub.Core.Drafts;
using CivicHub.Core.Privacy;
using CivicHub.Core.Privacy.Export;
using CivicHub.Core.Privacy.Protection;
using CivicHub.Core.Staff;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Privacy;

/// <summary>
/// Answers of form fields marked sensitive, and notes marked sensitive: encrypted at rest, shown to the case's own
/// department and to agreements covering sensitive fields, named as withheld to everyone else, always the citizen's own.
/// </summary>
public abstract class SensitiveFieldTests(CivicHubHost host)
{
    private const string Service = "benefits-application";

    /// <summary>A benefits application (SOCIAL) submitted by Sam of Social Services, with an SSN and an income of its own.</summary>
    private async Task<(Guid CitizenId, Guid DraftId, string Reference, string Ssn, string Income)> BenefitsCaseAsync()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync("Sensitive", "Applicant");
        var ssn = $"{Random.Shared.Next(100, 900)}-{Random.Shared.Next(10, 99)}-{Random.Shared.Next(1000, 9999)}";
        var income = Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var social = await host.StaffClientAsync("sam");
        var draft = await (await social.PostJsonAsync("/api/v1/drafts", new
        {
            citizenId,
            serviceCode = Service,
            channel = "phone",
            answers = new { ssn, monthly_income = income, household_size = "3", employment_status = "unemployed" },
        })).JsonAsync(HttpStatusCode.Created);
        var draftId = draft.GetProperty("id").GetGuid();
        var submitted = await (await social.PostJsonAsync($"/api/v1/drafts/{draftId}/submit", new { channel = "phone", version = draft.GetProperty("version").GetInt32() }))
            .JsonAsync(HttpStatusCode.Created);
        var reference = submitted.GetProperty("case").GetProperty("reference").GetString()!;
        return (citizenId, draftId, reference, ssn, income);
    }

    [Fact]
    public async Task Sensitive_answers_are_stored_encrypted_in_drafts_and_cases_and_never_in_events()
    {
        var (_, draftId, reference, ssn, income) = await BenefitsCaseAsync();

        var draftRow = $"\"Id\" = {host.IdLiteral(draftId)}";
        var draftPlain = Assert.Single(await host.StoredAsync("Drafts", "Answers", draftRow));
        var draftSensitive = Assert.Single(await host.StoredAsync("Drafts", "SensitiveAnswers", draftRow));
        var caseRow = $"\"Reference\" = '{reference}'";
        var casePlain = Assert.Single(await host.StoredAsync("Cases", "Answers", caseRow));
        var caseSensitive = Assert.Single(await host.StoredAsync("Cases", "SensitiveAnswers", caseRow));

        Assert.StartsWith(FieldProtection.Prefix, draftSensitive, StringComparison.Ordinal);
        Assert.StartsWith(FieldProtection.Prefix, caseSensitive, StringComparison.Ordinal);
        foreach (var stored in new[] { draftPlain, draftSensitive, casePlain, caseSensitive })
        {
            Assert.DoesNotContain(ssn, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(income, stored, StringComparison.Ordinal);
            Assert.DoesNotContain("unemployed", stored, StringComparison.Ordinal);
        }

        // The plain answers stay readable as they were (the household size is not sensitive).
        Assert.Contains("household_size", casePlain, StringComparison.Ordinal);
        var caseId = await host.InDbAsync(db => db.Cases.Where(c => c.Reference == reference).Select(c => c.Id).SingleAsync());
        var payloads = await host.InDbAsync(db => db.Events.Where(e => e.CaseId == caseId).Select(e => e.Payload).ToListAsync());
        Assert.NotEmpty(payloads);
        Assert.All(payloads, p => Assert.DoesNotContain(ssn, p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_case_department_sees_sensitive_answers_and_a_reader_without_the_category_sees_them_named_as_withheld()
    {
        var (_, draftId, reference, ssn, income) = await BenefitsCaseAsync();

        var own = await (await host.StaffClientAsync("sam")).GetJsonAsync($"/api/v1/cases/{reference}");
        Assert.Equal(ssn, own.GetProperty("answers").GetProperty("ssn").GetString());
        Assert.Equal(income, own.GetProperty("answers").GetProperty("monthly_income").GetString());
        Assert.Empty(own.GetProperty("withheldAnswers").EnumerateArray());

        // The contact centre sees every case through its agreement, which does not cover sensitive fields.
        var agent = await host.StaffClientAsync("dana");
        var contact = await agent.GetJsonAsync($"/api/v1/cases/{reference}");
        var answers = contact.GetProperty("answers");
        Assert.False(answers.TryGetProperty("ssn", out _));
        Assert.False(answers.TryGetProperty("monthly_income", out _));
        Assert.Equal("3", answers.GetProperty("household_size").GetString());
        Assert.Equal(["employment_status", "monthly_income", "ssn"], contact.GetProperty("withheldAnswers").EnumerateArray().Select(k => k.GetString()).ToList());
        Assert.DoesNotContain(ssn, contact.GetRawText(), StringComparison.Ordinal);

        var draft = await agent.GetJsonAsync($"/api/v1/drafts/{draftId}");
        Assert.Contains("ssn", draft.GetProperty("withheldAnswers").EnumerateArray().Select(k => k.GetString()));
        Assert.DoesNotContain(ssn, draft.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_citizen_sees_their_own_sensitive_answers_and_a_staff_export_without_the_category_withholds_them()
    {
        var (citizenId, draftId, reference, ssn, _) = await BenefitsCaseAsync();

        var mine = await host.InScopeAsync(async sp =>
        {
            var citizen = new Actor(ActorKind.Citizen, citizenId.ToString(), "Citizen");
            var draft = (await sp.GetRequiredService<DraftView>().GetAsync(draftId, citizen, CancellationToken.None)).Value!;
            var export = (await sp.GetRequiredService<CitizenDataExport>().RunAsync(citizenId, citizen, "Citizen's own download", _ => "", CancellationToken.None)).Value!;
            return (draft, export);
        });
        Assert.Equal(ssn, mine.draft.Answers["ssn"]);
        Assert.Empty(mine.draft.WithheldAnswers);
        var ownCase = Assert.Single(mine.export.Cases, c => c.Reference == reference);
        Assert.Equal(ssn, ownCase.Answers["ssn"]);

        // A supervisor of no department holding the case exports the record without the sensitive answers, and says so.
        var (supervisorId, userName, _) = await host.NewStaffAsync(StaffRole.Supervisor);
        var staffExport = await host.InScopeAsync(async sp =>
        {
            var supervisor = new Actor(ActorKind.Staff, supervisorId.ToString(), userName, StaffRole.Supervisor);
            sp.GetRequiredService<RecordAccess>().ActAs(supervisor);
            return (await sp.GetRequiredService<CitizenDataExport>().RunAsync(citizenId, supervisor, "Subject access request", _ => "", CancellationToken.None)).Value!;
        });
        var exported = Assert.Single(staffExport.Cases, c => c.Reference == reference);
        Assert.False(exported.Answers.ContainsKey("ssn"));
        Assert.Contains("ssn", exported.WithheldAnswers);
        Assert.Contains("ssn", Assert.Single(staffExport.Drafts).WithheldAnswers);
    }

    [Fact]
    public async Task A_sensitive_note_is_encrypted_at_rest_and_shown_only_with_the_sensitive_fields_category()
    {
        var (_, _, reference, _, _) = await BenefitsCaseAsync();
        var social = await host.StaffClientAsync("sam");
        var secret = $"Diagnosed with a heart condition {Guid.NewGuid():N}";
        await (await social.PostJsonAsync($"/api/v1/cases/{reference}/notes", new { text = secret, sensitive = true })).JsonAsync(HttpStatusCode.OK);
        await (await social.PostJsonAsync($"/api/v1/cases/{reference}/notes", new { text = "Called back, no answer" })).JsonAsync(HttpStatusCode.OK);

        var caseId = await host.InDbAsync(db => db.Cases.Where(c => c.Reference == reference).Select(c => c.Id).SingleAsync());
        var rows = $"\"CaseId\" = {host.IdLiteral(caseId)}";
        var texts = await host.StoredAsync("CaseChanges", "Text", rows);
        var sealedTexts = Assert.Single(await host.StoredAsync("CaseChanges", "SensitiveText", rows));
        Assert.StartsWith(FieldProtection.Prefix, sealedTexts, StringComparison.Ordinal);
        Assert.DoesNotContain(texts.Append(sealedTexts), t => t.Contains("heart condition", StringComparison.Ordinal));

        var own = (await social.GetJsonAsync($"/api/v1/cases/{reference}")).GetProperty("history").EnumerateArray().ToList();
        var shown = Assert.Single(own, h => h.GetProperty("sensitive").GetBoolean());
        Assert.Equal(secret, shown.GetProperty("text").GetString());
        Assert.False(shown.GetProperty("withheld").GetBoolean());

        var contact = await (await host.StaffClientAsync("dana")).GetJsonAsync($"/api/v1/cases/{reference}");
        var history = contact.GetProperty("history").EnumerateArray().ToList();
        var withheld = Assert.Single(history, h => h.GetProperty("sensitive").GetBoolean());
        Assert.True(withheld.GetProperty("withheld").GetBoolean());
        Assert.Equal(JsonValueKind.Null, withheld.GetProperty("text").ValueKind);
        Assert.Contains(history, h => h.GetProperty("text").GetString() == "Called back, no answer");
        Assert.DoesNotContain("heart condition", contact.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reprotection_encrypts_sensitive_values_left_in_clear_and_answers_of_fields_marked_sensitive_later()
    {
        var (_, _, reference, ssn, _) = await BenefitsCaseAsync();
        var caseId = await host.InDbAsync(db => db.Cases.Where(c => c.Reference == reference).Select(c => c.Id).SingleAsync());
        // As stored before fields could be sensitive: every answer in the plain column; and a note text in clear.
        var oldAnswers = $$"""{"ssn":"{{ssn}}","household_size":"3"}""";
        await host.InDbAsync(db => db.Database.ExecuteSqlAsync(
            $"""UPDATE "Cases" SET "Answers" = {oldAnswers}, "SensitiveAnswers" = NULL WHERE "Id" = {caseId}"""));
        var social = await host.StaffClientAsync("sam");
        await (await social.PostJsonAsync($"/api/v1/cases/{reference}/notes", new { text = "placeholder", sensitive = true })).JsonAsync(HttpStatusCode.OK);
        await host.InDbAsync(db => db.Database.ExecuteSqlAsync(
            $"""UPDATE "CaseChanges" SET "SensitiveText" = {"Pregnant, due in May"} WHERE "CaseId" = {caseId} AND "SensitiveText" IS NOT NULL"""));

        // Read before reprotection: withheld already (the field is sensitive now), and the note reads as it is.
        var contact = await (await host.StaffClientAsync("dana")).GetJsonAsync($"/api/v1/cases/{reference}");
        Assert.Contains("ssn", contact.GetProperty("withheldAnswers").EnumerateArray().Select(k => k.GetString()));

        var result = await host.InScopeAsync(sp => sp.GetRequiredService<ReprotectFields>().RunAsync(CancellationToken.None));
        Assert.True(result.Answers >= 1 && result.Notes >= 1);
        var row = $"\"Id\" = {host.IdLiteral(caseId)}";
        Assert.DoesNotContain(ssn, Assert.Single(await host.StoredAsync("Cases", "Answers", row)), StringComparison.Ordinal);
        Assert.StartsWith(FieldProtection.Prefix, Assert.Single(await host.StoredAsync("Cases", "SensitiveAnswers", row)), StringComparison.Ordinal);
        var note = Assert.Single(await host.StoredAsync("CaseChanges", "SensitiveText", $"\"CaseId\" = {host.IdLiteral(caseId)} AND \"SensitiveText\" IS NOT NULL"));
        Assert.StartsWith(FieldProtection.Prefix, note, StringComparison.Ordinal);

        var own = await social.GetJsonAsync($"/api/v1/cases/{reference}");
        Assert.Equal(ssn, own.GetProperty("answers").GetProperty("ssn").GetString());
        Assert.Contains(own.GetProperty("history").EnumerateArray(), h => h.GetProperty("text").GetString() == "Pregnant, due in May");
    }

    [Fact]
    public async Task The_demo_marks_identifiers_and_income_sensitive_and_an_administrator_can_mark_a_field()
    {
        var served = await (await host.StaffClientAsync()).GetJsonAsync($"/api/v1/services/{Service}");
        var sensitive = served.GetProperty("fields").EnumerateArray().Where(f => f.GetProperty("sensitive").GetBoolean()).Select(f => f.GetProperty("key").GetString()).ToList();
        Assert.Contains("ssn", sensitive);
        Assert.Contains("monthly_income", sensitive);
        Assert.DoesNotContain("household_size", sensitive);

        var saved = await host.InScopeAsync(async sp =>
        {
            var service = (await sp.GetRequiredService<CatalogSnapshot>().GetAsync()).ServiceByCode("childcare-assistance")!;
            var fields = service.Fields.Append(new FormField { Key = "medical_equipment", Label = "Medical equipment at home", Type = FormFieldType.Text, Sensitive = true }).ToList();
            var input = new CatalogAdministration.ServiceInput(
                service.Code, service.Name, service.Description, service.Topic, service.DepartmentId, service.Keywords, service.SlaHours, service.Active, service.PublicRequests, fields);
            var administrator = new Actor(ActorKind.Staff, Guid.NewGuid().ToString(), "Test administrator", StaffRole.Administrator);
            return await sp.GetRequiredService<CatalogAdministration>().SaveServiceAsync(service.Id, input, administrator, CancellationToken.None);
        });
        Assert.True(saved.Succeeded);
        var childcare = await (await host.StaffClientAsync()).GetJsonAsync("/api/v1/services/childcare-assistance");
        Assert.Contains(childcare.GetProperty("fields").EnumerateArray(), f => f.GetProperty("key").GetString() == "medical_equipment" && f.GetProperty("sensitive").GetBoolean());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SensitiveFieldsOnSqlite(SqliteHost host) : SensitiveFieldTests(host);

[Collection(PostgresCollection.Name)]
public sealed class SensitiveFieldsOnPostgres(PostgresHost host) : SensitiveFieldTests(host);
