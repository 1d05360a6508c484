using CivicHub.Core.Access;
using CivicHub.Core.Accounts;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Core.Privacy.Export;
using CivicHub.Server.Components.Portal;
using CivicHub.Server.Components.Portal.Account;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Tests.Portal;

/// <summary>"Download my data" on the portal: the signed-in citizen gets their own record as a JSON file, and the audit log says they did.</summary>
public abstract class MyDataDownloadTests(CivicHubHost host)
{
    [Fact]
    public async Task A_signed_in_citizen_downloads_their_own_data_and_nobody_elses()
    {
        host.RequireDatabase();
        var (rosa, rosaCase) = await CitizenWithCaseAsync("Rosa", "Descarga", "Streetlight out on Elm");
        var (_, otherCase) = await CitizenWithCaseAsync("Otto", "Ajeno", "Noisy neighbour on Oak");
        using var portal = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        using var request = new HttpRequestMessage(HttpMethod.Get, Http.Url(MyDataEndpoints.Path));
        request.Headers.Add("Cookie", PortalCookie(rosa));
        using var response = await portal.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".json", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore, "a personal file must not be cached");
        using var data = JsonDocument.Parse(body);
        Assert.Equal("Rosa", data.RootElement.GetProperty("citizen").GetProperty("givenName").GetString());
        Assert.Equal("Descarga", data.RootElement.GetProperty("citizen").GetProperty("familyName").GetString());
        Assert.Equal([rosaCase], data.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("reference").GetString()));
        Assert.DoesNotContain(otherCase, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Otto", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Noisy neighbour", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in_and_gets_no_file()
    {
        host.RequireDatabase();
        using var portal = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        using var response = await portal.GetAsync(Http.Url(MyDataEndpoints.Path));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/sign-in", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Null(response.Content.Headers.ContentDisposition);
    }

    [Fact]
    public async Task The_download_is_in_the_audit_log_as_an_export_by_the_citizen()
    {
        host.RequireDatabase();
        var (rosa, _) = await CitizenWithCaseAsync("Rosa", "Auditada", "Missed bin collection");
        using var portal = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, Http.Url(MyDataEndpoints.Path));
        request.Headers.Add("Cookie", PortalCookie(rosa));
        using var response = await portal.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var entry = await host.InDbAsync(db => db.AuditEntries.AsNoTracking()
            .SingleAsync(e => e.CitizenId == rosa.CitizenId && e.Action == AuditAction.Export));
        Assert.Equal(ActorKind.Citizen, entry.ActorKind);
        Assert.Equal(rosa.CitizenId.ToString(), entry.ActorId);
        Assert.Equal(AuditRecords.Citizen, entry.RecordKind);
        Assert.Equal(MyDataEndpoints.Reason, entry.Purpose);
        var recorded = await host.InDbAsync(db => db.Events.Where(e => e.CitizenId == rosa.CitizenId && e.Type == CitizenDataExport.EventType).Select(e => e.Payload).SingleAsync());
        using var payload = JsonDocument.Parse(recorded);
        Assert.Equal(MyDataEndpoints.Reason, payload.RootElement.GetProperty("reason").GetString());
        Assert.Equal($"citizen:{rosa.CitizenId}", payload.RootElement.GetProperty("actorId").GetString());
    }

    [Fact]
    public async Task The_profile_page_offers_the_download_in_english_and_spanish()
    {
        host.RequireDatabase();
        var (rosa, _) = await CitizenWithCaseAsync("Rosa", "Bilingüe", "Pothole on Main");
        using var portal = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        foreach (var (language, text) in new[] { ("en", "Download my data"), ("es", "Descargar mis datos") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Http.Url("/account/profile"));
            request.Headers.Add("Cookie", PortalCookie(rosa));
            request.Headers.AcceptLanguage.ParseAdd(language);
            using var response = await portal.SendAsync(request);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, html);
            Assert.Contains(text, html, StringComparison.Ordinal);
            Assert.Contains("href=\"account/my-data\"", html, StringComparison.Ordinal);
            Assert.Contains("JSON", html, StringComparison.Ordinal);
        }
    }

    private async Task<(SignedInCitizen Citizen, string Reference)> CitizenWithCaseAsync(string givenName, string familyName, string description)
    {
        var signedUp = await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccounts>().SignUpAsync(
            new CitizenAccounts.SignUpRequest(givenName, familyName, $"{Guid.NewGuid():N}@mail.example", "a long enough passphrase 42", "en", "http://portal.example/account/verify"),
            CancellationToken.None));
        var citizen = signedUp.Value!.Citizen;
        var agent = await host.StaffClientAsync("dana");
        var reference = (await (await agent.PostJsonAsync("/api/v1/cases", new { citizenId = citizen.CitizenId, channel = "phone", description }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString()!;
        return (citizen, reference);
    }

    private string PortalCookie(SignedInCitizen citizen)
    {
        var options = host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(PortalAuth.Scheme);
        var ticket = options.TicketDataFormat.Protect(new AuthenticationTicket(PortalSession.PrincipalFor(citizen), PortalAuth.Scheme));
        return $"{options.Cookie.Name}={ticket}";
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MyDataDownloadOnSqlite(SqliteHost host) : MyDataDownloadTests(host);

[Collection(PostgresCollection.Name)]
public sealed class MyDataDownloadOnPostgres(PostgresHost host) : MyDataDownloadTests(host);
