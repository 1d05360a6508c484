using System.Net.Http.Headers;
using System.Security.Claims;
using CivicHub.Server.Components.Portal;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Tests.Privacy;

/// <summary>
/// Who may read what, endpoint by endpoint and role by role, on the records of <see cref="AccessWorld"/>. The tables
/// below are the specification (docs/privacy.md); every GET endpoint under /api/ must have its row, so a new read
/// endpoint fails here until someone decides who may use it.
/// </summary>
public abstract class AccessMatrixTests(CivicHubHost host)
{
    public enum Role
    {
        Agent,
        TaxCaseworker,
        SocialCaseworker,
        StreetsCaseworker,
        Supervisor,
        Administrator,
        Integration,
        IntegrationWithoutDepartment,
        Anonymous,
        CitizenPortal,
    }

    /// <summary>Who lets the caller in before any record is looked at.</summary>
    public enum Gate
    {
        Staff,
        StaffOrIntegration,
        IntegrationOrAdministrator,
        Administrator,
        Supervisor,
    }

    public const string NoDepartmentClient = "no-department-integrator";

    private static readonly string[] AllCases = ["TaxX", "PubworksX", "CodeX", "HealthX", "TaxY", "TaxZ"];

    /// <summary>
    /// The cases each role may read. Agent, supervisor and the demo integration act for the contact centre, whose
    /// agreement opens every department. The Tax caseworker sees Tax's own cases, not Health's (that agreement has
    /// expired) nor Public Works' or Code Enforcement's (no agreement). The Social Services caseworker sees a Tax case
    /// only with the citizen's consent (Y gave it, Z withdrew it, X never gave it). The streets caseworker sees Public
    /// Works' own cases and Code Enforcement's through an agreement. Administrators and an integration without a
    /// department see no case.
    /// </summary>
    private static readonly Dictionary<Role, string[]> SeesCases = new()
    {
        [Role.Agent] = AllCases,
        [Role.Supervisor] = AllCases,
        [Role.Integration] = AllCases,
        [Role.TaxCaseworker] = ["TaxX", "TaxY", "TaxZ"],
        [Role.SocialCaseworker] = ["TaxY"],
        [Role.StreetsCaseworker] = ["PubworksX", "CodeX"],
        [Role.Administrator] = [],
        [Role.IntegrationWithoutDepartment] = [],
        [Role.Anonymous] = [],
        [Role.CitizenPortal] = [],
    };

    /// <summary>Whose identities, addresses and date of birth each role may read: a department with a case of theirs, or an agreement.</summary>
    private static readonly Dictionary<Role, string[]> SeesContactDetailsOf = new()
    {
        [Role.Agent] = ["X", "Y", "Z"],
        [Role.Supervisor] = ["X", "Y", "Z"],
        [Role.TaxCaseworker] = ["X", "Y", "Z"],
        [Role.SocialCaseworker] = ["Y"],
        [Role.StreetsCaseworker] = ["X"],
        [Role.Administrator] = [],
    };

    /// <summary>The read endpoints about one case (the route names it, or a file or draft of it).</summary>
    private static readonly Dictionary<string, Gate> CaseEndpoints = new()
    {
        ["/api/v1/cases/{reference}"] = Gate.StaffOrIntegration,
        ["/api/v1/cases/{reference}/timeline"] = Gate.StaffOrIntegration,
        ["/api/v1/cases/{reference}/messages"] = Gate.Staff,
        ["/api/v1/attachments/{id:guid}"] = Gate.Staff,
        ["/api/v1/drafts/{id:guid}"] = Gate.Staff,
    };

    /// <summary>The read endpoints about one citizen; all for staff.</summary>
    private static readonly string[] CitizenEndpoints =
    [
        "/api/v1/citizens",
        "/api/v1/citizens/{id:guid}",
        "/api/v1/citizens/{id:guid}/timeline",
        "/api/v1/citizens/{id:guid}/messages",
        "/api/v1/citizens/{id:guid}/preferences",
        "/api/v1/citizens/{id:guid}/consents",
        "/api/v1/drafts",
    ];

    /// <summary>
    /// Read endpoints that hold no case or citizen record of their own, with the address a row calls and the status
    /// a caller who passes the gate gets. The event feed is also checked for what it contains, below.
    /// </summary>
    private static readonly Dictionary<string, (Gate Gate, string Url, HttpStatusCode Passed)> OtherEndpoints = new()
    {
        ["/api/v1/departments"] = (Gate.StaffOrIntegration, "/api/v1/departments", HttpStatusCode.OK),
        ["/api/v1/queues"] = (Gate.StaffOrIntegration, "/api/v1/queues", HttpStatusCode.OK),
        ["/api/v1/services"] = (Gate.StaffOrIntegration, "/api/v1/services", HttpStatusCode.OK),
        ["/api/v1/services/{code}"] = (Gate.StaffOrIntegration, "/api/v1/services/pothole", HttpStatusCode.OK),
        ["/api/v1/agreements"] = (Gate.Administrator, "/api/v1/agreements", HttpStatusCode.OK),
        ["/api/v1/agreements/{id:guid}"] = (Gate.Administrator, $"/api/v1/agreements/{Guid.Empty}", HttpStatusCode.NotFound),
        ["/api/v1/events"] = (Gate.IntegrationOrAdministrator, "/api/v1/events?after=0&limit=1", HttpStatusCode.OK),
        ["/api/v1/webhooks"] = (Gate.IntegrationOrAdministrator, "/api/v1/webhooks", HttpStatusCode.OK),
        ["/api/v1/webhooks/{id:guid}/deliveries"] = (Gate.IntegrationOrAdministrator, $"/api/v1/webhooks/{Guid.Empty}/deliveries", HttpStatusCode.NotFound),
        ["/api/v1/outreach/templates"] = (Gate.Administrator, "/api/v1/outreach/templates", HttpStatusCode.OK),
        ["/api/v1/outreach/templates/{kind}/{variant}/{language}"] = (Gate.Administrator, "/api/v1/outreach/templates/case.received/sms/en", HttpStatusCode.OK),
        ["/api/v1/open311-keys"] = (Gate.Administrator, "/api/v1/open311-keys", HttpStatusCode.OK),
        ["/api/v1/imports/{id:guid}"] = (Gate.Supervisor, $"/api/v1/imports/{Guid.Empty}", HttpStatusCode.NotFound),
        ["/api/v1/imports/{id:guid}/links"] = (Gate.Supervisor, $"/api/v1/imports/{Guid.Empty}/links", HttpStatusCode.OK),
        ["/api/v1/match-reviews"] = (Gate.Staff, "/api/v1/match-reviews", HttpStatusCode.OK),
        ["/api/v1/match-reviews/{id:guid}"] = (Gate.Staff, $"/api/v1/match-reviews/{Guid.Empty}", HttpStatusCode.NotFound),
        ["/api/v1/audit"] = (Gate.Supervisor, "/api/v1/audit?limit=1", HttpStatusCode.OK),
        ["/api/v1/audit/export"] = (Gate.Supervisor, "/api/v1/audit/export?format=jsonl&action=erase", HttpStatusCode.OK),
        ["/api/v1/audit/verification"] = (Gate.Supervisor, "/api/v1/audit/verification", HttpStatusCode.OK),
        ["/api/v1/citizens/{id:guid}/export"] = (Gate.Supervisor, $"/api/v1/citizens/{Guid.Empty}/export", HttpStatusCode.NotFound),
        ["/api/v1/relying-parties"] = (Gate.Administrator, "/api/v1/relying-parties", HttpStatusCode.OK),
        ["/api/v1/relying-parties/{clientId}"] = (Gate.Administrator, "/api/v1/relying-parties/no-such-client", HttpStatusCode.NotFound),
    };

    public static TheoryData<string, Role, string> CaseRows()
    {
        var rows = new TheoryData<string, Role, string>();
        foreach (var endpoint in CaseEndpoints.Keys)
        {
            foreach (var role in Enum.GetValues<Role>())
            {
                foreach (var @case in AllCases)
                {
                    rows.Add(endpoint, role, @case);
                }
            }
        }

        return rows;
    }

    public static TheoryData<string, Role, string> CitizenRows()
    {
        var rows = new TheoryData<string, Role, string>();
        foreach (var endpoint in CitizenEndpoints)
        {
            foreach (var role in Enum.GetValues<Role>())
            {
                foreach (var citizen in new[] { "X", "Y", "Z" })
                {
                    rows.Add(endpoint, role, citizen);
                }
            }
        }

        return rows;
    }

    public static TheoryData<string, Role> OtherRows()
    {
        var rows = new TheoryData<string, Role>();
        foreach (var endpoint in OtherEndpoints.Keys)
        {
            foreach (var role in Enum.GetValues<Role>())
            {
                rows.Add(endpoint, role);
            }
        }

        return rows;
    }

    /// <summary>How many rows the matrix has: reported in docs/privacy.md.</summary>
    public static int RowCount => CaseRows().Count + CitizenRows().Count + OtherRows().Count;

    [Fact]
    public void Every_read_endpoint_of_the_api_has_rows_in_the_matrix()
    {
        host.RequireDatabase();
        var reads = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => "/" + e.RoutePattern.RawText!.Trim('/'))
            .Where(p => p.StartsWith("/api/", StringComparison.Ordinal))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var covered = CaseEndpoints.Keys.Concat(CitizenEndpoints).Concat(OtherEndpoints.Keys).ToHashSet();
        Assert.Equal([], reads.Except(covered).ToList());
        Assert.Equal([], covered.Except(reads).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(730, RowCount);
    }

    [Theory]
    [MemberData(nameof(CaseRows))]
    public async Task A_case_endpoint_answers_each_role_as_agreed(string endpoint, Role role, string caseKey)
    {
        var world = await AccessWorld.OfAsync(host);
        var record = world.Cases[caseKey];
        var url = endpoint
            .Replace("{reference}", record.Reference, StringComparison.Ordinal)
            .Replace("{id:guid}", (endpoint.StartsWith("/api/v1/attachments", StringComparison.Ordinal) ? record.AttachmentId : record.DraftId).ToString(), StringComparison.Ordinal);
        var expected = Refused(role, CaseEndpoints[endpoint]) ?? (SeesCases[role].Contains(caseKey) ? HttpStatusCode.OK : HttpStatusCode.NotFound);

        using var client = await ClientAsync(role);
        using var response = await client.GetAsync(Http.Url(url));

        Assert.True(expected == response.StatusCode, $"{role} on {url} ({caseKey}): expected {(int)expected}, got {(int)response.StatusCode}");
    }

    [Theory]
    [MemberData(nameof(CitizenRows))]
    public async Task A_citizen_endpoint_shows_each_role_what_it_may_see(string endpoint, Role role, string citizenKey)
    {
        var world = await AccessWorld.OfAsync(host);
        var citizenId = citizenKey switch { "X" => world.X, "Y" => world.Y, _ => world.Z };
        var url = endpoint switch
        {
            "/api/v1/citizens" => $"/api/v1/citizens?phone={Uri.EscapeDataString(world.Phones[citizenId])}",
            "/api/v1/drafts" => $"/api/v1/drafts?citizenId={citizenId}",
            _ => endpoint.Replace("{id:guid}", citizenId.ToString(), StringComparison.Ordinal),
        };
        var contact = SeesContactDetailsOf.GetValueOrDefault(role, []).Contains(citizenKey);
        var visible = world.Cases.Where(c => c.Value.CitizenId == citizenId && SeesCases[role].Contains(c.Key)).Select(c => c.Value.Reference).Order().ToList();
        var needsContactDetails = endpoint.EndsWith("/messages", StringComparison.Ordinal) || endpoint.EndsWith("/preferences", StringComparison.Ordinal);
        var expected = Refused(role, Gate.Staff) ?? (needsContactDetails && !contact ? HttpStatusCode.NotFound : HttpStatusCode.OK);

        using var client = await ClientAsync(role);
        using var response = await client.GetAsync(Http.Url(url));
        Assert.True(expected == response.StatusCode, $"{role} on {url} ({citizenKey}): expected {(int)expected}, got {(int)response.StatusCode}");
        if (expected != HttpStatusCode.OK)
        {
            return;
        }

        var body = await response.JsonAsync(HttpStatusCode.OK);
        switch (endpoint)
        {
            case "/api/v1/citizens":
                var found = Assert.Single(body.EnumerateArray());
                Assert.Equal(contact, found.GetProperty("phone").ValueKind == JsonValueKind.String);
                Assert.Equal(visible.Count, found.GetProperty("openCases").GetInt32());
                break;
            case "/api/v1/citizens/{id:guid}":
                Assert.Equal(visible, body.GetProperty("openCases").EnumerateArray().Select(c => c.GetProperty("reference").GetString()!).Order().ToList());
                Assert.Equal(contact, body.GetProperty("identities").GetArrayLength() > 0);
                Assert.Equal(!contact, body.GetProperty("withheld").EnumerateArray().Any(w => w.GetString() == "contact_details"));
                Assert.Equal(contact ? "1990-05-17" : null, body.GetProperty("citizen").GetProperty("dateOfBirth").GetString());
                break;
            case "/api/v1/citizens/{id:guid}/timeline":
                Assert.Equal(visible, body.GetProperty("items").EnumerateArray()
                    .Select(i => i.GetProperty("caseReference").GetString()).OfType<string>().Distinct().Order().ToList());
                break;
            case "/api/v1/drafts":
                Assert.Equal(
                    world.Cases.Where(c => c.Value.CitizenId == citizenId && SeesCases[role].Contains(c.Key)).Select(c => c.Value.DraftId).Order().ToList(),
                    body.EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).Order().ToList());
                break;
            default:
                break;
        }
    }

    [Theory]
    [MemberData(nameof(OtherRows))]
    public async Task Another_read_endpoint_lets_in_only_the_roles_it_serves(string endpoint, Role role)
    {
        var (gate, url, passed) = OtherEndpoints[endpoint];
        var expected = Refused(role, gate) ?? passed;

        using var client = await ClientAsync(role);
        using var response = await client.GetAsync(Http.Url(url));

        Assert.True(expected == response.StatusCode, $"{role} on {url}: expected {(int)expected}, got {(int)response.StatusCode}");
    }

    [Fact]
    public async Task The_event_feed_carries_only_the_events_of_cases_the_reader_may_see()
    {
        var world = await AccessWorld.OfAsync(host);
        var withDepartment = await EventReferencesAsync(await ClientAsync(Role.Integration));
        var withoutDepartment = await EventReferencesAsync(await ClientAsync(Role.IntegrationWithoutDepartment));
        var administrator = await EventReferencesAsync(await ClientAsync(Role.Administrator));

        Assert.All(world.Cases.Values, c => Assert.Contains(c.Reference, withDepartment));
        Assert.Empty(withoutDepartment);
        Assert.Empty(administrator);
    }

    [Fact]
    public async Task The_desk_inbox_lists_only_the_cases_the_member_of_staff_may_see()
    {
        var world = await AccessWorld.OfAsync(host);
        var taylor = await host.InDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.Staff, s => s.UserName == "taylor"));
        var listed = await host.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<Core.Privacy.RecordAccess>().ActAs(new Core.Access.Actor(Core.Access.ActorKind.Staff, taylor.Id.ToString(), taylor.DisplayName, taylor.Role));
            var inbox = sp.GetRequiredService<Core.Cases.CaseInbox>();
            var references = new List<string>();
            for (var page = 1; ; page++)
            {
                var items = (await inbox.ListAsync(new Core.Cases.CaseInbox.Query(Page: page, PageSize: Core.Cases.CaseInbox.MaxPageSize), CancellationToken.None)).Value!;
                references.AddRange(items.Items.Select(i => i.Reference));
                if (page >= items.PageCount)
                {
                    return references;
                }
            }
        });

        Assert.Contains(world.Cases["TaxX"].Reference, listed);
        Assert.DoesNotContain(world.Cases["PubworksX"].Reference, listed);
        Assert.DoesNotContain(world.Cases["HealthX"].Reference, listed);
    }

    [Fact]
    public async Task A_citizen_who_withdraws_consent_disappears_from_the_partner_department_at_once()
    {
        var world = await AccessWorld.OfAsync(host);
        var agent = await host.StaffClientAsync("dana");
        var sam = await ClientAsync(Role.SocialCaseworker);
        var (citizenId, _, _) = await agent.NewCitizenAsync("Walter", "Withdraws");
        var reference = (await (await agent.PostJsonAsync("/api/v1/cases", new { citizenId, serviceCode = "tax-bill-question", channel = "phone", description = "Bill", answers = new { details = "About my bill" } }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString();
        var consents = await agent.GetJsonAsync($"/api/v1/citizens/{citizenId}/consents");
        var benefits = consents.EnumerateArray().Single(c => c.GetProperty("name").GetString() == Core.Demo.DemoAgreements.BenefitsAssessment).GetProperty("agreementId").GetGuid();

        await sam.GetJsonAsync($"/api/v1/cases/{reference}", HttpStatusCode.NotFound);
        await (await agent.PostJsonAsync($"/api/v1/citizens/{citizenId}/consents", new { agreementId = benefits })).JsonAsync(HttpStatusCode.OK);
        await sam.GetJsonAsync($"/api/v1/cases/{reference}");
        await (await agent.DeleteAsync(Http.Url($"/api/v1/citizens/{citizenId}/consents/{benefits}"))).JsonAsync(HttpStatusCode.OK);
        await sam.GetJsonAsync($"/api/v1/cases/{reference}", HttpStatusCode.NotFound);
        Assert.NotEqual(Guid.Empty, world.ExpiredAgreementId);
    }

    [Fact]
    public async Task Agreements_are_written_by_administrators_with_every_bad_field_named()
    {
        var admin = await host.StaffClientAsync("morgan");
        var problem = await (await admin.PostJsonAsync("/api/v1/agreements", new
        {
            name = "",
            recipientDepartments = new[] { "NOPE" },
            categories = Array.Empty<string>(),
            purpose = "x",
            legalBasis = "",
            validFrom = DateTime.UtcNow,
            validUntil = DateTime.UtcNow.AddDays(-1),
        })).ProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.All(new[] { "name", "recipientDepartments", "providerDepartments", "categories", "legalBasis", "validUntil" },
            field => Assert.True(errors.TryGetProperty(field, out _), field));
        await (await (await host.StaffClientAsync("priya")).PostJsonAsync("/api/v1/agreements", new { name = "Mine" })).ProblemAsync(HttpStatusCode.Forbidden);
    }

    private static HttpStatusCode? Refused(Role role, Gate gate) => role switch
    {
        Role.Anonymous or Role.CitizenPortal => HttpStatusCode.Unauthorized,
        Role.Integration or Role.IntegrationWithoutDepartment when gate is not (Gate.StaffOrIntegration or Gate.IntegrationOrAdministrator) => HttpStatusCode.Forbidden,
        Role.Administrator when gate is Gate.Supervisor => null,
        Role.Supervisor when gate is Gate.Supervisor => null,
        not (Role.Integration or Role.IntegrationWithoutDepartment) when gate is Gate.Supervisor => HttpStatusCode.Forbidden,
        not Role.Administrator when gate is Gate.Administrator => HttpStatusCode.Forbidden,
        not (Role.Administrator or Role.Integration or Role.IntegrationWithoutDepartment) when gate is Gate.IntegrationOrAdministrator => HttpStatusCode.Forbidden,
        _ => null,
    };

    private static async Task<HashSet<string>> EventReferencesAsync(HttpClient client)
    {
        var references = new HashSet<string>(StringComparer.Ordinal);
        var cursor = "0";
        while (true)
        {
            var page = await client.GetJsonAsync($"/api/v1/events?after={cursor}&limit=500");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            foreach (var item in items)
            {
                if (item.TryGetProperty("caseReference", out var reference) && reference.ValueKind == JsonValueKind.String)
                {
                    references.Add(reference.GetString()!);
                }
            }

            if (items.Count == 0)
            {
                return references;
            }

            cursor = page.GetProperty("nextCursor").GetString()!;
        }
    }

    private async Task<HttpClient> ClientAsync(Role role) => role switch
    {
        Role.Agent => await host.StaffClientAsync("dana"),
        Role.TaxCaseworker => await host.StaffClientAsync("taylor"),
        Role.SocialCaseworker => await host.StaffClientAsync("sam"),
        Role.StreetsCaseworker => await host.StaffClientAsync("jordan"),
        Role.Supervisor => await host.StaffClientAsync("priya"),
        Role.Administrator => await host.StaffClientAsync("morgan"),
        Role.Integration => await host.IntegrationClientAsync(),
        Role.IntegrationWithoutDepartment => await host.IntegrationClientAsync(NoDepartmentClient, "no-department-secret-for-tests"),
        Role.Anonymous => host.AnonymousClient(),
        _ => PortalClient(),
    };

    /// <summary>A client carrying a real portal cookie, as the portal's sign-in issues it.</summary>
    private HttpClient PortalClient()
    {
        var client = host.AnonymousClient();
        var cookie = host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(PortalAuth.Scheme);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(PortalAuth.CitizenIdClaim, Guid.NewGuid().ToString())], PortalAuth.Scheme));
        var ticket = cookie.TicketDataFormat.Protect(new AuthenticationTicket(principal, PortalAuth.Scheme));
        client.DefaultRequestHeaders.Add("Cookie", $"{cookie.Cookie.Name}={ticket}");
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AccessMatrixOnSqlite(SqliteHost host) : AccessMatrixTests(host);

[Collection(PostgresCollection.Name)]
public sealed class AccessMatrixOnPostgres(PostgresHost host) : AccessMatrixTests(host);
