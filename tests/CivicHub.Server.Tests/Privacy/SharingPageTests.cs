using System.Text.RegularExpressions;
using CivicHub.Core.Accounts;
using CivicHub.Core.Demo;
using CivicHub.Core.Interactions;
using CivicHub.Server.Components.Portal;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Tests.Privacy;

/// <summary>The portal's "Sharing and consent" page: a citizen gives and withdraws consent, and the partner department's view follows.</summary>
public abstract partial class SharingPageTests(CivicHubHost host)
{
    [Fact]
    public async Task A_citizen_gives_and_withdraws_consent_in_the_portal_and_the_partner_department_sees_accordingly()
    {
        host.RequireDatabase();
        var signedUp = await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccounts>().SignUpAsync(
            new CitizenAccounts.SignUpRequest("Rosa", "Consiente", $"{Guid.NewGuid():N}@mail.example", "a long enough passphrase 42", "en", "http://portal.example/account/verify"),
            CancellationToken.None));
        var citizen = signedUp.Value!.Citizen;
        var agent = await host.StaffClientAsync("dana");
        var reference = (await (await agent.PostJsonAsync("/api/v1/cases", new
        {
            citizenId = citizen.CitizenId,
            serviceCode = "tax-bill-question",
            channel = "phone",
            description = "Payment plan",
            answers = new { details = "Payment plan" },
        })).JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString();
        var sam = await host.StaffClientAsync("sam");
        var agreementId = await host.InDbAsync(db => db.DataSharingAgreements.Where(a => a.Name == DemoAgreements.BenefitsAssessment).Select(a => a.Id).FirstAsync());
        using var portal = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var session = PortalCookie(citizen);

        var page = await GetAsync(portal, session);
        Assert.Contains(DemoAgreements.BenefitsAssessment, page.Html, StringComparison.Ordinal);
        Assert.Contains("You have not agreed.", page.Html, StringComparison.Ordinal);
        await sam.GetJsonAsync($"/api/v1/cases/{reference}", HttpStatusCode.NotFound);

        await PostAsync(portal, session, page, agreementId, "give");
        var consent = await host.InDbAsync(db => db.CitizenConsents.SingleAsync(k => k.CitizenId == citizen.CitizenId && k.WithdrawnAt == null));
        Assert.Equal(Channel.Web, consent.Channel);
        await sam.GetJsonAsync($"/api/v1/cases/{reference}");

        page = await GetAsync(portal, session);
        Assert.Contains("You have agreed.", page.Html, StringComparison.Ordinal);
        await PostAsync(portal, session, page, agreementId, "withdraw");
        Assert.False(await host.InDbAsync(db => db.CitizenConsents.AnyAsync(k => k.CitizenId == citizen.CitizenId && k.WithdrawnAt == null)));
        await sam.GetJsonAsync($"/api/v1/cases/{reference}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_page_speaks_spanish_to_a_spanish_speaker_and_refuses_a_post_without_its_antiforgery_token()
    {
        host.RequireDatabase();
        var signedUp = await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccounts>().SignUpAsync(
            new CitizenAccounts.SignUpRequest("Rosa", "Habla", $"{Guid.NewGuid():N}@mail.example", "a long enough passphrase 42", "es", "http://portal.example/account/verify"),
            CancellationToken.None));
        using var portal = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var session = PortalCookie(signedUp.Value!.Citizen);
        using var request = new HttpRequestMessage(HttpMethod.Get, Http.Url("/account/sharing"));
        request.Headers.Add("Cookie", session);
        request.Headers.AcceptLanguage.ParseAdd("es");
        using var response = await portal.SendAsync(request);
        Assert.Contains("Compartir y consentimiento", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var forged = new HttpRequestMessage(HttpMethod.Post, Http.Url("/account/sharing"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = $"consent-{Guid.NewGuid():N}", ["Decision"] = "give" }),
        };
        forged.Headers.Add("Cookie", session);
        using var refused = await portal.SendAsync(forged);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    private sealed record Page(string Html, string Token, string AntiforgeryCookie);

    private string PortalCookie(SignedInCitizen citizen)
    {
        var options = host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(PortalAuth.Scheme);
        var ticket = options.TicketDataFormat.Protect(new AuthenticationTicket(PortalSession.PrincipalFor(citizen), PortalAuth.Scheme));
        return $"{options.Cookie.Name}={ticket}";
    }

    private static async Task<Page> GetAsync(HttpClient portal, string session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Http.Url("/account/sharing"));
        request.Headers.Add("Cookie", session);
        using var response = await portal.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        var antiforgery = response.Headers.GetValues("Set-Cookie").First(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)).Split(';')[0];
        return new Page(html, TokenField().Match(html).Groups[1].Value, antiforgery);
    }

    private static async Task PostAsync(HttpClient portal, string session, Page page, Guid agreementId, string decision)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Http.Url("/account/sharing"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = page.Token,
                ["_handler"] = $"consent-{agreementId:N}",
                ["Decision"] = decision,
            }),
        };
        request.Headers.Add("Cookie", $"{session}; {page.AntiforgeryCookie}");
        using var response = await portal.SendAsync(request);
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Contains("account/sharing?changed=1", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}

[Collection(SqliteCollection.Name)]
public sealed class SharingPageOnSqlite(SqliteHost host) : SharingPageTests(host);

[Collection(PostgresCollection.Name)]
public sealed class SharingPageOnPostgres(PostgresHost host) : SharingPageTests(host);
