using CivicHub.Core.Access;
using CivicHub.Core.Cases;
using CivicHub.Core.Citizens;
using CivicHub.Core.Drafts;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Privacy;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Privacy;

/// <summary>
/// Who sees what on the desk, page by page and member of staff by member of staff, on the records of
/// <see cref="AccessWorld"/>. The desk is interactive server rendering without prerendering, so each row runs the
/// use case the page runs, as the page runs it (a scope of its own acting as the signed-in member of staff): the
/// 360 view and the merge screen (CitizenOverview), the case page (CaseDetail), the inbox (CaseInbox), the draft
/// page (DraftView, DraftActions), the chat desk's taken conversation (Timeline.ForKnownCitizenAsync) and merging.
/// </summary>
public abstract class DeskAccessMatrixTests(CivicHubHost host)
{
    public enum Desk
    {
        Agent,
        TaxCaseworker,
        SocialCaseworker,
        StreetsCaseworker,
        Supervisor,
        Administrator,
    }

    private static readonly string[] AllCases = ["TaxX", "PubworksX", "CodeX", "HealthX", "TaxY", "TaxZ"];

    /// <summary>The same specification as <see cref="AccessMatrixTests"/>: the desk shows what the API shows.</summary>
    private static readonly Dictionary<Desk, string[]> SeesCases = new()
    {
        [Desk.Agent] = AllCases,
        [Desk.Supervisor] = AllCases,
        [Desk.TaxCaseworker] = ["TaxX", "TaxY", "TaxZ"],
        [Desk.SocialCaseworker] = ["TaxY"],
        [Desk.StreetsCaseworker] = ["PubworksX", "CodeX"],
        [Desk.Administrator] = [],
    };

    private static readonly Dictionary<Desk, string[]> SeesContactDetailsOf = new()
    {
        [Desk.Agent] = ["X", "Y", "Z"],
        [Desk.Supervisor] = ["X", "Y", "Z"],
        [Desk.TaxCaseworker] = ["X", "Y", "Z"],
        [Desk.SocialCaseworker] = ["Y"],
        [Desk.StreetsCaseworker] = ["X"],
        [Desk.Administrator] = [],
    };

    private static readonly Dictionary<Desk, string> UserNames = new()
    {
        [Desk.Agent] = "dana",
        [Desk.TaxCaseworker] = "taylor",
        [Desk.SocialCaseworker] = "sam",
        [Desk.StreetsCaseworker] = "jordan",
        [Desk.Supervisor] = "priya",
        [Desk.Administrator] = "morgan",
    };

    public static TheoryData<Desk, string> CitizenRows()
    {
        var rows = new TheoryData<Desk, string>();
        foreach (var desk in Enum.GetValues<Desk>())
        {
            foreach (var citizen in new[] { "X", "Y", "Z" })
            {
                rows.Add(desk, citizen);
            }
        }

        return rows;
    }

    public static TheoryData<Desk, string> CaseRows()
    {
        var rows = new TheoryData<Desk, string>();
        foreach (var desk in Enum.GetValues<Desk>())
        {
            foreach (var @case in AllCases)
            {
                rows.Add(desk, @case);
            }
        }

        return rows;
    }

    public static TheoryData<Desk> DeskRows() => [.. Enum.GetValues<Desk>()];

    [Theory]
    [MemberData(nameof(CitizenRows))]
    public async Task The_360_view_and_the_merge_screen_show_each_member_of_staff_what_they_may_see(Desk desk, string citizenKey)
    {
        var world = await AccessWorld.OfAsync(host);
        var citizenId = CitizenOf(world, citizenKey);
        var contact = SeesContactDetailsOf[desk].Contains(citizenKey);
        var visible = VisibleReferences(world, desk, citizenId);

        var view = (await AsAsync(desk, sp => sp.GetRequiredService<CitizenOverview>().GetAsync(citizenId, CancellationToken.None))).Value!;

        Assert.Equal(visible, view.OpenCases.Select(c => c.Reference).Order().ToList());
        Assert.Equal(contact, view.Identities.Count > 0);
        Assert.Equal(contact ? new DateOnly(1990, 5, 17) : null, view.Citizen.DateOfBirth);
        Assert.Equal(!contact, view.Withheld.Contains("contact_details"));
        Assert.Equal(visible, view.RecentTimeline.Items.Select(i => i.CaseReference).OfType<string>().Distinct().Order().ToList());
    }

    [Theory]
    [MemberData(nameof(CaseRows))]
    public async Task The_case_page_opens_only_the_cases_the_member_of_staff_may_see(Desk desk, string caseKey)
    {
        var world = await AccessWorld.OfAsync(host);
        var reference = world.Cases[caseKey].Reference;

        var opened = await AsAsync(desk, sp => sp.GetRequiredService<CaseDetail>().GetAsync(reference, CancellationToken.None));

        if (SeesCases[desk].Contains(caseKey))
        {
            Assert.Equal(reference, opened.Value!.Reference);
        }
        else
        {
            Assert.Equal(ProblemKind.NotFound, opened.Problem!.Kind);
        }
    }

    [Theory]
    [MemberData(nameof(CaseRows))]
    public async Task The_draft_page_opens_and_saves_only_drafts_of_cases_the_member_of_staff_may_see(Desk desk, string caseKey)
    {
        var world = await AccessWorld.OfAsync(host);
        var draftId = world.Cases[caseKey].DraftId;
        var sees = SeesCases[desk].Contains(caseKey);
        var actor = await ActorAsync(desk);

        var opened = await AsAsync(desk, sp => sp.GetRequiredService<DraftView>().GetAsync(draftId, actor, CancellationToken.None));
        // A save with a stale version changes nothing: it answers "changed meanwhile" to whoever may act, and "no such draft" to the others.
        var saved = await AsAsync(desk, sp => sp.GetRequiredService<DraftActions>().SaveAsync(
            draftId, new DraftActions.SaveRequest(Channel.Phone, [], -1), actor, CancellationToken.None));
        var submitted = await AsAsync(desk, sp => sp.GetRequiredService<DraftActions>().SubmitAsync(
            draftId, new DraftActions.SubmitRequest(Channel.Phone, [], -1), actor, CancellationToken.None));

        Assert.Equal(sees, opened.Succeeded);
        Assert.Equal(sees ? ProblemKind.Conflict : ProblemKind.NotFound, saved.Problem!.Kind);
        Assert.Equal(sees ? ProblemKind.Conflict : ProblemKind.NotFound, submitted.Problem!.Kind);
    }

    [Theory]
    [MemberData(nameof(DeskRows))]
    public async Task The_inbox_lists_exactly_the_cases_of_the_world_the_member_of_staff_may_see(Desk desk)
    {
        var world = await AccessWorld.OfAsync(host);
        var worldReferences = world.Cases.Values.Select(c => c.Reference).ToHashSet();

        var listed = await AsAsync(desk, async sp =>
        {
            var inbox = sp.GetRequiredService<CaseInbox>();
            var references = new List<string>();
            for (var page = 1; ; page++)
            {
                var items = (await inbox.ListAsync(new CaseInbox.Query(Page: page, PageSize: CaseInbox.MaxPageSize), CancellationToken.None)).Value!;
                references.AddRange(items.Items.Select(i => i.Reference).Where(worldReferences.Contains));
                if (page >= items.PageCount)
                {
                    return references;
                }
            }
        });

        Assert.Equal(SeesCases[desk].Select(k => world.Cases[k].Reference).Order().ToList(), listed.Order().ToList());
    }

    [Theory]
    [MemberData(nameof(CitizenRows))]
    public async Task The_chat_desk_shows_beside_a_taken_chat_only_the_timeline_the_agent_may_see(Desk desk, string citizenKey)
    {
        var world = await AccessWorld.OfAsync(host);
        var citizenId = CitizenOf(world, citizenKey);

        var timeline = await AsAsync(desk, sp => sp.GetRequiredService<Timeline>().ForKnownCitizenAsync(citizenId, CancellationToken.None));

        Assert.Equal(VisibleReferences(world, desk, citizenId), timeline.Items.Select(i => i.CaseReference).OfType<string>().Distinct().Order().ToList());
    }

    /// <summary>
    /// The merge screen's button: two fresh records with a Tax case each, and two where the duplicate also has a
    /// Public Works case. Only who sees both records whole may merge; a refusal changes nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(DeskRows))]
    public async Task The_merge_screen_merges_only_records_the_member_of_staff_sees_whole(Desk desk)
    {
        var agent = await host.StaffClientAsync("dana");
        var actor = await ActorAsync(desk);
        foreach (var (services, allowed) in new[]
        {
            (new[] { "tax-bill-question" }, desk is Desk.Agent or Desk.Supervisor or Desk.TaxCaseworker),
            (new[] { "tax-bill-question", "streetlight-out" }, desk is Desk.Agent or Desk.Supervisor),
        })
        {
            var duplicate = await CitizenWithCasesAsync(agent, services);
            var kept = await CitizenWithCasesAsync(agent, ["tax-bill-question"]);

            var merged = await AsAsync(desk, sp => sp.GetRequiredService<MergeCitizens>().MergeAsync(
                duplicate, new MergeCitizens.Request(kept, "Same person"), actor, CancellationToken.None));

            Assert.True(allowed == merged.Succeeded, $"{desk} merging a record with {string.Join(", ", services)}: {merged.Problem?.Detail}");
            var mergedInto = await host.InDbAsync(db => db.Citizens.Where(c => c.Id == duplicate).Select(c => c.MergedIntoId).SingleAsync());
            var casesLeft = await host.InDbAsync(db => db.Cases.CountAsync(c => c.CitizenId == duplicate));
            Assert.Equal(allowed ? kept : null, mergedInto);
            Assert.Equal(allowed ? 0 : services.Length, casesLeft);
            if (!allowed)
            {
                Assert.Equal(ProblemKind.Forbidden, merged.Problem!.Kind);
            }
        }
    }

    private static Guid CitizenOf(AccessWorld world, string key) => key switch { "X" => world.X, "Y" => world.Y, _ => world.Z };

    private static List<string> VisibleReferences(AccessWorld world, Desk desk, Guid citizenId) =>
        world.Cases.Where(c => c.Value.CitizenId == citizenId && SeesCases[desk].Contains(c.Key)).Select(c => c.Value.Reference).Order().ToList();

    private static async Task<Guid> CitizenWithCasesAsync(HttpClient agent, IEnumerable<string> services)
    {
        var (citizenId, _, _) = await agent.NewCitizenAsync("Merge", "Candidate");
        foreach (var serviceCode in services)
        {
            object request = serviceCode == "tax-bill-question"
                ? new { citizenId, serviceCode, channel = "phone", description = "Merge matrix", answers = new { details = "About my bill" } }
                : new { citizenId, serviceCode, channel = "phone", description = "Merge matrix", answers = new { location = "12 Elm Street" }, address = "12 Elm Street" };
            await (await agent.PostJsonAsync("/api/v1/cases", request)).JsonAsync(HttpStatusCode.Created);
        }

        return citizenId;
    }

    private async Task<Actor> ActorAsync(Desk desk)
    {
        var staff = await host.InDbAsync(db => db.Staff.AsNoTracking().SingleAsync(s => s.UserName == UserNames[desk]));
        return new Actor(ActorKind.Staff, staff.Id.ToString(), staff.DisplayName, staff.Role);
    }

    /// <summary>Runs a use case as the desk does: a scope of its own whose record access acts as the member of staff.</summary>
    private async Task<T> AsAsync<T>(Desk desk, Func<IServiceProvider, Task<T>> work)
    {
        var actor = await ActorAsync(desk);
        return await host.InScopeAsync(sp =>
        {
            sp.GetRequiredService<RecordAccess>().ActAs(actor);
            return work(sp);
        });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DeskAccessMatrixOnSqlite(SqliteHost host) : DeskAccessMatrixTests(host);

[Collection(PostgresCollection.Name)]
public sealed class DeskAccessMatrixOnPostgres(PostgresHost host) : DeskAccessMatrixTests(host);
