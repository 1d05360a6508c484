using CivicHub.Core.Cases;
using CivicHub.Core.Data;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Tests.Cases;

/// <summary>Opening cases, moving them through their workflow, and the record each change leaves.</summary>
public abstract class CaseApiTests(CivicHubHost host)
{
    private async Task<(HttpClient Staff, Guid CitizenId, string Reference)> NewCaseAsync(string user = "dana")
    {
        var staff = await host.StaffClientAsync(user);
        var (id, _, _) = await staff.NewCitizenAsync();
        var created = await (await staff.PostJsonAsync("/api/v1/cases", new
        {
            citizenId = id,
            serviceCode = "missed-trash-pickup",
            channel = "phone",
            description = "Trash not collected on Tuesday",
            answers = new { location = "12 Elm Street" },
        })).JsonAsync(HttpStatusCode.Created);
        return (staff, id, created.GetProperty("reference").GetString()!);
    }

    [Fact]
    public async Task A_new_case_has_a_readable_reference_an_sla_and_lands_in_its_departments_queue()
    {
        var (staff, citizenId, reference) = await NewCaseAsync();
        Assert.Equal(reference, CaseReference.Normalize(reference));
        var @case = await staff.GetJsonAsync($"/api/v1/cases/{reference}");
        Assert.Equal("submitted", @case.GetProperty("status").GetString());
        Assert.Equal("SANITATION", @case.GetProperty("department").GetProperty("code").GetString());
        Assert.Equal(citizenId, @case.GetProperty("citizen").GetProperty("id").GetGuid());
        var created = @case.GetProperty("createdAt").GetDateTime();
        Assert.Equal(created.AddHours(48), @case.GetProperty("slaDueAt").GetDateTime());
        var history = Assert.Single(@case.GetProperty("history").EnumerateArray());
        Assert.Equal("created", history.GetProperty("kind").GetString());
        Assert.Equal("Dana Whitfield", history.GetProperty("actorName").GetString());
        var events = await host.InDbAsync(db => db.Events.Where(e => e.CaseReference == reference).Select(e => e.Type).ToListAsync());
        Assert.Contains("case.created", events);
        Assert.Contains("interaction.recorded", events);
    }

    [Fact]
    public async Task Status_moves_through_the_workflow_and_each_move_is_recorded_with_who_and_when()
    {
        var (staff, _, reference) = await NewCaseAsync();
        foreach (var status in new[] { "triaged", "in_progress", "waiting_on_citizen", "in_progress", "resolved", "closed", "in_progress" })
        {
            var moved = await (await staff.PostJsonAsync($"/api/v1/cases/{reference}/status", new { status, reason = $"to {status}" })).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(status, moved.GetProperty("status").GetString());
        }

        var @case = await staff.GetJsonAsync($"/api/v1/cases/{reference}");
        var moves = @case.GetProperty("history").EnumerateArray().Where(h => h.GetProperty("kind").GetString() == "status_changed").ToList();
        Assert.Equal(7, moves.Count);
        Assert.Equal("Closed", moves[^1].GetProperty("from").GetString());
        Assert.Equal("InProgress", moves[^1].GetProperty("to").GetString());
        Assert.All(moves, m => Assert.Equal("Dana Whitfield", m.GetProperty("actorName").GetString()));
        Assert.Equal(JsonValueKind.Null, @case.GetProperty("closedAt").ValueKind);
    }

    [Fact]
    public async Task A_move_the_workflow_does_not_allow_is_refused_naming_the_status()
    {
        var (staff, _, reference) = await NewCaseAsync();
        var problem = await (await staff.PostJsonAsync($"/api/v1/cases/{reference}/status", new { status = "closed" })).ProblemAsync(HttpStatusCode.BadRequest, "status");
        Assert.Contains("Resolved", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var @case = await staff.GetJsonAsync($"/api/v1/cases/{reference}");
        Assert.Equal("submitted", @case.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Agents_take_cases_themselves_and_only_supervisors_assign_others()
    {
        var (dana, _, reference) = await NewCaseAsync();
        var staffIds = await host.InDbAsync(db => db.Staff.ToDictionaryAsync(s => s.UserName, s => s.Id));

        var taken = await (await dana.PostJsonAsync($"/api/v1/cases/{reference}/assignment", new { assigneeId = staffIds["dana"] })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Dana Whitfield", taken.GetProperty("assignee").GetProperty("displayName").GetString());
        await (await dana.PostJsonAsync($"/api/v1/cases/{reference}/assignment", new { assigneeId = staffIds["luis"] })).ProblemAsync(HttpStatusCode.Forbidden);

        var priya = await host.StaffClientAsync("priya");
        var moved = await (await priya.PostJsonAsync($"/api/v1/cases/{reference}/assignment", new { assigneeId = staffIds["luis"] })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Luis Ortega", moved.GetProperty("assignee").GetProperty("displayName").GetString());
        await (await dana.PostJsonAsync($"/api/v1/cases/{reference}/assignment", new { assigneeId = (Guid?)null })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await priya.PostJsonAsync($"/api/v1/cases/{reference}/assignment", new { assigneeId = Guid.NewGuid() })).ProblemAsync(HttpStatusCode.BadRequest, "assigneeId");
    }

    [Fact]
    public async Task A_case_moves_to_another_departments_queue()
    {
        var (dana, _, reference) = await NewCaseAsync();
        var queues = await dana.GetJsonAsync("/api/v1/queues");
        var departments = await dana.GetJsonAsync("/api/v1/departments");
        var health = departments.EnumerateArray().First(d => d.GetProperty("code").GetString() == "HEALTH").GetProperty("id").GetInt32();
        var healthQueue = queues.EnumerateArray().First(q => q.GetProperty("departmentId").GetInt32() == health).GetProperty("id").GetInt32();
        var moved = await (await dana.PostJsonAsync($"/api/v1/cases/{reference}/assignment", new { queueId = healthQueue })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("HEALTH", moved.GetProperty("department").GetProperty("code").GetString());
        Assert.Equal(healthQueue, moved.GetProperty("queueId").GetInt32());
    }

    [Fact]
    public async Task Notes_and_priority_changes_join_the_history()
    {
        var (dana, _, reference) = await NewCaseAsync();
        await (await dana.PostJsonAsync($"/api/v1/cases/{reference}/notes", new { text = "Caller says the truck skipped the whole block." })).JsonAsync(HttpStatusCode.OK);
        var updated = await (await dana.PostJsonAsync($"/api/v1/cases/{reference}/priority", new { priority = "high", reason = "Third miss" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("high", updated.GetProperty("priority").GetString());
        var history = updated.GetProperty("history").EnumerateArray().ToList();
        Assert.Contains(history, h => h.GetProperty("kind").GetString() == "note_added" && h.GetProperty("text").GetString()!.Contains("whole block", StringComparison.Ordinal));
        Assert.Contains(history, h => h.GetProperty("kind").GetString() == "priority_changed" && h.GetProperty("to").GetString() == "High");
        await (await dana.PostJsonAsync($"/api/v1/cases/{reference}/notes", new { text = new string('x', 10_001) })).ProblemAsync(HttpStatusCode.BadRequest, "text");
    }

    [Fact]
    public async Task Form_answers_are_checked_against_the_service_and_completed_from_the_record()
    {
        var staff = await host.StaffClientAsync();
        var (id, _, _) = await staff.NewCitizenAsync("Ana", "Lopez");
        var before = await host.RowCountsAsync();
        var bad = await (await staff.PostJsonAsync("/api/v1/cases", new
        {
            citizenId = id,
            serviceCode = "property-tax-payment-plan",
            channel = "web",
            description = "Payment plan please",
            answers = new { parcel_number = "12345", amount_owed = "lots", colour = "blue" },
        })).ProblemAsync(HttpStatusCode.BadRequest, "answers.parcel_number");
        var errors = bad.GetProperty("errors");
        Assert.True(errors.TryGetProperty("answers.amount_owed", out _));
        Assert.True(errors.TryGetProperty("answers.colour", out _));
        Assert.Equal(before, await host.RowCountsAsync());

        var missing = await (await staff.PostJsonAsync("/api/v1/cases", new
        {
            citizenId = id,
            serviceCode = "property-tax-payment-plan",
            channel = "web",
            description = "Payment plan please",
            answers = new { parcel_number = "12-34-567-890", amount_owed = 2400 },
        })).ProblemAsync(HttpStatusCode.BadRequest, "answers.monthly_payment");
        Assert.False(missing.GetProperty("errors").TryGetProperty("answers.owner_name", out _), "owner_name comes from the record");

        var created = await (await staff.PostJsonAsync("/api/v1/cases", new
        {
            citizenId = id,
            serviceCode = "property-tax-payment-plan",
            channel = "web",
            description = "Payment plan please",
            answers = new { parcel_number = "12-34-567-890", amount_owed = 2400, monthly_payment = 200 },
        })).JsonAsync(HttpStatusCode.Created);
        var @case = await staff.GetJsonAsync($"/api/v1/cases/{created.GetProperty("reference").GetString()}");
        Assert.Equal("Ana Lopez", @case.GetProperty("answers").GetProperty("owner_name").GetString());
        Assert.Contains("12 Elm Street", @case.GetProperty("answers").GetProperty("property_address").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_whose_last_row_fails_to_write_leaves_nothing_behind()
    {
        var staff = await host.StaffClientAsync();
        var (id, _, _) = await staff.NewCitizenAsync();
        const string Refused = "atomicity probe: the database refuses this interaction";

        // The interaction is the last of the case's rows that the save writes; a trigger makes the database refuse it.
        string[] install = host.Provider == DatabaseProvider.Postgres
            ?
            [
                """
                CREATE FUNCTION refuse_probe() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW."Body" = 'atomicity probe: the database refuses this interaction' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$
                """,
                """CREATE TRIGGER refuse_probe BEFORE INSERT ON "Interactions" FOR EACH ROW EXECUTE FUNCTION refuse_probe()""",
            ]
            :
            [
                """
                CREATE TRIGGER refuse_probe BEFORE INSERT ON Interactions
                WHEN NEW.Body = 'atomicity probe: the database refuses this interaction'
                BEGIN SELECT RAISE(ABORT, 'refused'); END
                """,
            ];
        string[] uninstall = host.Provider == DatabaseProvider.Postgres
            ? ["""DROP TRIGGER refuse_probe ON "Interactions" """, "DROP FUNCTION refuse_probe()"]
            : ["DROP TRIGGER refuse_probe"];
        await host.InDbAsync(async db =>
        {
            foreach (var sql in install)
            {
                await db.Database.ExecuteSqlRawAsync(sql);
            }

            return 0;
        });
        try
        {
            var response = await staff.PostJsonAsync("/api/v1/cases", new { citizenId = id, channel = "phone", description = Refused });
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }
        finally
        {
            await host.InDbAsync(async db =>
            {
                foreach (var sql in uninstall)
                {
                    await db.Database.ExecuteSqlRawAsync(sql);
                }

                return 0;
            });
        }

        var written = await host.InDbAsync(async db => (
            await db.Cases.CountAsync(c => c.CitizenId == id),
            await db.Events.CountAsync(e => e.CitizenId == id && e.CaseId != null),
            await db.Interactions.CountAsync(i => i.CitizenId == id)));
        Assert.Equal((0, 0, 0), written);
    }

    [Fact]
    public async Task A_general_enquiry_takes_the_contact_phone_from_the_record()
    {
        var staff = await host.StaffClientAsync();
        var (id, phone, _) = await staff.NewCitizenAsync("Lena", "Park");
        var created = await (await staff.PostJsonAsync("/api/v1/cases", new
        {
            citizenId = id,
            serviceCode = "general-enquiry",
            channel = "phone",
            description = "When does the library reopen?",
            answers = new { details = "Library hours" },
        })).JsonAsync(HttpStatusCode.Created);
        var @case = await staff.GetJsonAsync($"/api/v1/cases/{created.GetProperty("reference").GetString()}");
        Assert.Equal(Http.E164(phone), @case.GetProperty("answers").GetProperty("contact_phone").GetString());
    }

    [Fact]
    public async Task Timeline_pages_newest_first_with_a_cursor_and_never_repeats_an_entry()
    {
        var (staff, citizenId, reference) = await NewCaseAsync();
        var start = DateTime.UtcNow.AddHours(-30);
        for (var i = 0; i < 24; i++)
        {
            await (await staff.PostJsonAsync("/api/v1/interactions", new
            {
                citizenId,
                caseReference = reference,
                channel = i % 2 == 0 ? "phone" : "email",
                direction = "inbound",
                occurredAt = start.AddHours(i),
                body = $"Contact {i}",
            })).JsonAsync(HttpStatusCode.Created);
        }

        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await staff.GetJsonAsync($"/api/v1/cases/{reference}/timeline?limit=10" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(25, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var citizenPage = await staff.GetJsonAsync($"/api/v1/citizens/{citizenId}/timeline?limit=100");
        var bodies = citizenPage.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("body").GetString()).ToList();
        Assert.Equal("Trash not collected on Tuesday", bodies[0]);
        Assert.Equal("Contact 23", bodies[1]);
        Assert.Equal("Contact 0", bodies[^1]);
    }

    [Theory]
    [InlineData("?cursor=not-a-cursor", "cursor")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1000", "limit")]
    [InlineData("?limit=abc", "limit")]
    public async Task Bad_timeline_paging_names_the_parameter(string query, string field)
    {
        var (staff, _, reference) = await NewCaseAsync();
        await (await staff.GetAsync(Http.Url($"/api/v1/cases/{reference}/timeline{query}"))).ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Unknown_and_malformed_references_are_not_found()
    {
        var staff = await host.StaffClientAsync();
        await (await staff.GetAsync(Http.Url("/api/v1/cases/K7M4-9QX3"))).ProblemAsync(HttpStatusCode.NotFound);
        await (await staff.GetAsync(Http.Url("/api/v1/cases/%27%20OR%201%3D1"))).ProblemAsync(HttpStatusCode.NotFound);
        await (await staff.PostJsonAsync("/api/v1/cases/AAAA-AAAA/notes", new { text = "hello" })).ProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CaseApiOnSqlite(SqliteHost host) : CaseApiTests(host);

[Collection(PostgresCollection.Name)]
public sealed class CaseApiOnPostgres(PostgresHost host) : CaseApiTests(host);
