using CivicHub.Core.Access;
using CivicHub.Core.Cases;
using CivicHub.Core.Catalog;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Interactions;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Core.Privacy.Protection;
using CivicHub.Core.Staff;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using CivicHub.Server.Tests.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task A_case_opened_through_the_api_writes_every_row_its_audit_entries_and_its_sensitive_answers_encrypted()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync("Rowan", "Columns");
        var created = await (await staff.PostJsonAsync("/api/v1/cases", new
        {
            citizenId,
            serviceCode = "property-tax-payment-plan",
            channel = "web",
            description = "Asking for a payment plan\nsecond line",
            title = "Payment plan for 12 Elm Street",
            priority = "high",
            answers = new { parcel_number = "12-34-567-890", property_address = "12 Elm Street", amount_owed = "48213", monthly_payment = "375" },
            latitude = 40.7128,
            longitude = -74.006,
            address = "12 Elm Street",
        })).JsonAsync(HttpStatusCode.Created);
        var reference = created.GetProperty("reference").GetString()!;

        var (@case, interaction, change, events, audit) = await host.InDbAsync(async db =>
        {
            var c = await db.Cases.AsNoTracking().SingleAsync(x => x.Reference == reference);
            return (
                c,
                await db.Interactions.AsNoTracking().SingleAsync(i => i.CaseId == c.Id),
                await db.CaseChanges.AsNoTracking().SingleAsync(h => h.CaseId == c.Id),
                await db.Events.AsNoTracking().Where(e => e.CaseId == c.Id).OrderBy(e => e.Id).ToListAsync(),
                await db.AuditEntries.AsNoTracking()
                    .Where(a => a.CitizenId == citizenId && a.Action == AuditAction.Create && (a.RecordKind == AuditRecords.Case || a.RecordKind == AuditRecords.Interaction))
                    .OrderBy(a => a.Id).ToListAsync());
        });
        Assert.Equal((citizenId, CaseStatus.Submitted, CasePriority.High, Channel.Web), (@case.CitizenId, @case.Status, @case.Priority, @case.OriginChannel));
        Assert.Equal(("Payment plan for 12 Elm Street", "Asking for a payment plan\nsecond line"), (@case.Title, @case.Description));
        Assert.Equal((40.7128, -74.006, "12 Elm Street"), (@case.Latitude, @case.Longitude, @case.LocationAddress));
        Assert.Equal(DateTimeKind.Utc, @case.CreatedAt.Kind);
        Assert.Equal(@case.CreatedAt.AddHours(240), @case.SlaDueAt);
        Assert.Contains("12-34-567-890", @case.Answers, StringComparison.Ordinal);
        Assert.Contains("48213", @case.SensitiveAnswers, StringComparison.Ordinal);
        var stored = Assert.Single(await host.StoredAsync("Cases", "SensitiveAnswers", $"\"Reference\" = '{reference}'"));
        Assert.StartsWith(FieldProtection.Prefix, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("48213", stored, StringComparison.Ordinal);

        Assert.True(interaction.Id > 0);
        Assert.Equal((citizenId, Channel.Web, Direction.Inbound, "Dana Whitfield"), (interaction.CitizenId, interaction.Channel, interaction.Direction, interaction.AuthorName));
        Assert.Equal((@case.Description, @case.CreatedAt), (interaction.Body, interaction.RecordedAt));
        Assert.Equal((CaseChangeKind.Created, "Submitted", "Dana Whitfield", @case.CreatedAt), (change.Kind, change.To, change.ActorName, change.At));
        Assert.Equal(["case.created", "interaction.recorded"], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal((citizenId, reference, @case.CreatedAt), (e.CitizenId, e.CaseReference, e.OccurredAt)));
        Assert.Contains("\"service\":\"property-tax-payment-plan\"", events[0].Payload, StringComparison.Ordinal);

        // The save's audit entries, written with the rows: who opened the case and its first interaction.
        Assert.Equal([(AuditRecords.Case, reference), (AuditRecords.Interaction, "new")], audit.Select(a => (a.RecordKind, a.RecordId)));
        Assert.All(audit, a => Assert.Equal((ActorKind.Staff, "Dana Whitfield"), (a.ActorKind, a.ActorName)));
    }

    [Fact]
    public async Task A_case_opened_in_process_has_the_keys_the_database_gave_leaves_nothing_pending_and_its_events_are_signalled()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var signalled = new System.Collections.Concurrent.ConcurrentQueue<DomainEvent>();
        void Heard(object? sender, EventsCommittedEventArgs e)
        {
            foreach (var committed in e.Events.Where(x => x.CitizenId == citizenId && x.CaseId != null))
            {
                signalled.Enqueue(committed);
            }
        }

        var signal = host.Services.GetRequiredService<EventSignal>();
        signal.Committed += Heard;
        try
        {
            await host.InScopeAsync(async services =>
            {
                var db = services.GetRequiredService<CivicHubDb>();
                var saves = 0;
                db.SavingChanges += (_, _) => saves++;
                var opened = await services.GetRequiredService<CreateCase>().RunAsync(
                    new CreateCase.Request(citizenId, null, null, Channel.Phone, "A streetlight is out on Oak Avenue", null, null, null, null, null, null, null),
                    Actor.System,
                    CancellationToken.None);
                Assert.True(opened.Succeeded);

                // On PostgreSQL the rows are written by hand (CaseRows) and never tracked; SQLite saves them (the five
                // rows and the two audit entries the save adds).
                Assert.Equal(host.Provider == DatabaseProvider.Postgres ? 0 : 1, saves);
                Assert.Equal(host.Provider == DatabaseProvider.Postgres ? 0 : 7, db.ChangeTracker.Entries().Count());

                // Nothing pending, so a later save in the same unit of work writes nothing twice.
                Assert.All(db.ChangeTracker.Entries(), e => Assert.Equal(EntityState.Unchanged, e.State));
                Assert.Equal(0, await db.SaveChangesAsync());

                var (interaction, events) = (opened.Value!.Interaction, opened.Value.Events);
                var rows = await db.Interactions.AsNoTracking().Where(i => i.CitizenId == citizenId).Select(i => i.Id).ToListAsync();
                Assert.Equal(interaction.Id, Assert.Single(rows));
                var stored = await db.Events.AsNoTracking().Where(e => e.CitizenId == citizenId && e.CaseId != null).OrderBy(e => e.Id).Select(e => new { e.Id, e.Type }).ToListAsync();
                Assert.Equal(stored.Select(e => (e.Id, e.Type)), events.Select(e => (e.Id, e.Type)));
                Assert.Equal(opened.Value.Created.Id, await db.CaseChanges.AsNoTracking().Where(c => c.CaseId == opened.Value.Case.Id).Select(c => c.Id).SingleAsync());
                Assert.Equal(1, await db.Cases.CountAsync(c => c.CitizenId == citizenId));

                // Told once committed, as the workers wait to hear.
                Assert.Equal(events.Select(e => e.Type).Order(), signalled.Select(e => e.Type).Order());
                return 0;
            });
        }
        finally
        {
            signal.Committed -= Heard;
        }
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
    public async Task A_queue_the_catalog_lacks_is_refused_and_the_case_stays_where_it_was()
    {
        // On PostgreSQL no foreign key backs this up: a case names the catalog's queue by its id (decision 0023).
        var (dana, _, reference) = await NewCaseAsync();
        var before = await dana.GetJsonAsync($"/api/v1/cases/{reference}");
        var missing = await host.InDbAsync(db => db.Queues.MaxAsync(q => q.Id)) + 1;

        await (await dana.PostJsonAsync($"/api/v1/cases/{reference}/assignment", new { queueId = missing })).ProblemAsync(HttpStatusCode.BadRequest, "queueId");

        var after = await dana.GetJsonAsync($"/api/v1/cases/{reference}");
        Assert.Equal(before.GetProperty("queueId").GetInt32(), after.GetProperty("queueId").GetInt32());
        Assert.Equal(before.GetProperty("department").GetProperty("code").GetString(), after.GetProperty("department").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Cases_refer_to_the_catalog_by_foreign_keys_on_SQLite_only()
    {
        host.RequireDatabase();
        var referenced = await host.InDbAsync(db => db.Database.SqlQueryRaw<string>(host.Provider == DatabaseProvider.Postgres
            ? "SELECT confrelid::regclass::text AS \"Value\" FROM pg_constraint WHERE conrelid = '\"Cases\"'::regclass AND contype = 'f' ORDER BY 1"
            : "SELECT '\"' || \"table\" || '\"' AS \"Value\" FROM pragma_foreign_key_list('Cases') ORDER BY 1").ToListAsync());

        string[] catalog = ["\"Departments\"", "\"Queues\"", "\"Services\""];
        string[] people = ["\"Citizens\"", "\"Staff\""];
        Assert.Equal(host.Provider == DatabaseProvider.Postgres ? people : [.. people.Concat(catalog).Order(StringComparer.Ordinal)], referenced);
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

        // A trigger makes the database refuse the case's interaction, which is written after the case itself (and after
        // the events too, by SaveChanges on SQLite): whatever went before it in the transaction must go with it.
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
    public async Task A_form_that_prefills_the_date_of_birth_alone_takes_it_from_the_record()
    {
        // Every demo form that asks for the date of birth also asks for an address; opening a case decrypts the date only
        // for a form that prefills it, so this one asks for the date alone (and is required: without it the case is refused).
        var code = $"proof-of-age-{Guid.NewGuid():N}"[..24];
        var administrator = new Actor(ActorKind.Staff, Guid.NewGuid().ToString(), "Test administrator", StaffRole.Administrator);
        var saved = await host.InScopeAsync(async sp =>
        {
            var department = (await sp.GetRequiredService<CatalogSnapshot>().GetAsync()).ServiceByCode("birth-certificate")!.DepartmentId;
            FormField[] fields = [new() { Key = "date_of_birth", Label = "Date of birth", Type = FormFieldType.Date, Required = true, PrefillFrom = "citizen.dateOfBirth" }];
            return await sp.GetRequiredService<CatalogAdministration>().SaveServiceAsync(
                null, new CatalogAdministration.ServiceInput(code, "Proof of age letter", null, null, department, [], 240, true, false, fields), administrator, CancellationToken.None);
        });
        Assert.True(saved.Succeeded, saved.Problem?.Detail);

        var staff = await host.StaffClientAsync();
        var (id, _, _) = await staff.NewCitizenAsync("Rosa", "Diaz");
        var created = await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId = id, serviceCode = code, channel = "phone", description = "A letter proving my age" }))
            .JsonAsync(HttpStatusCode.Created);
        var @case = await staff.GetJsonAsync($"/api/v1/cases/{created.GetProperty("reference").GetString()}");
        Assert.Equal("1990-05-17", @case.GetProperty("answers").GetProperty("date_of_birth").GetString());
    }

    [Fact]
    public async Task A_case_for_a_record_merged_away_is_refused_naming_the_record_it_went_into()
    {
        var staff = await host.StaffClientAsync("priya");
        var (source, _, _) = await staff.NewCitizenAsync("Rosa", "Delgado");
        var (target, _, _) = await staff.NewCitizenAsync("Rosa", "Delgado");
        await (await staff.PostJsonAsync($"/api/v1/citizens/{source}/merge", new { intoCitizenId = target, reason = "Same person" })).JsonAsync(HttpStatusCode.OK);
        var before = await host.RowCountsAsync();

        var refused = await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId = source, channel = "phone", description = "Called about her bin" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "citizenId");
        Assert.Contains(target.ToString(), refused.GetProperty("errors").GetProperty("citizenId")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await host.RowCountsAsync());
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
