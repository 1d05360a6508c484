using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using CivicHub.Core.Accounts;
using CivicHub.Core.Attachments;
using CivicHub.Core.Citizens;
using CivicHub.Core.Drafts;
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

namespace CivicHub.Server.Tests.Portal;

/// <summary>
/// Files citizens attach in the portal (applying, saving a draft, writing on a request): kept through the Core's
/// attachment store on the interaction the form creates, seen by staff and by the citizen alone, and refused whole,
/// with nothing recorded, when a file breaks the rules; and the request page they are shown on.
/// </summary>
public abstract partial class PortalUploadTests(CivicHubHost host)
{
    private const string Service = "tax-bill-question";

    /// <summary>The smallest file the allow-list recognises as a PDF, padded to the size a test needs.</summary>
    private static byte[] Pdf(int size = 2048)
    {
        var bytes = new byte[size];
        "%PDF-1.7\n"u8.CopyTo(bytes);
        for (var i = 9; i < size; i++)
        {
            bytes[i] = (byte)('a' + (i % 26));
        }

        return bytes;
    }

    [Fact]
    public async Task An_application_sent_with_a_file_keeps_it_on_the_submission_for_staff_and_the_citizen_and_nobody_else()
    {
        host.RequireDatabase();
        var citizen = await SignUpAsync("Ana", "Adjunta");
        var other = await SignUpAsync("Otto", "Ajeno");
        // Larger than the host's 2 MiB default body limit: the page has a limit of its own for uploads.
        var pdf = Pdf(3 * 1024 * 1024);

        using var response = await PostApplyAsync(citizen, new() { ["Intent"] = "submit", ["Answers[details]"] = "My bill is twice last year's" }, [("bill.pdf", pdf)]);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var reference = Regex.Match(response.Headers.Location!.ToString(), "account/requests/([^?]+)").Groups[1].Value;
        var stored = await host.InDbAsync(db => db.Attachments.AsNoTracking().SingleAsync(a => a.CitizenId == citizen.CitizenId));
        var submission = await host.InDbAsync(db => db.Interactions.AsNoTracking().SingleAsync(i => i.Id == stored.InteractionId));
        var caseId = await host.InDbAsync(db => db.Cases.Where(c => c.Reference == reference).Select(c => c.Id).SingleAsync());
        Assert.Equal(caseId, submission.CaseId);
        Assert.Equal(caseId, stored.CaseId);
        Assert.Equal(Channel.Web, submission.Channel);
        Assert.Equal("bill.pdf", stored.FileName);
        Assert.Equal(AttachmentKinds.Pdf, stored.ContentType);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), stored.Sha256);

        // Staff of the department see it on the case's timeline and download it as they do an email's.
        var taylor = await host.StaffClientAsync("taylor");
        var timeline = await taylor.GetJsonAsync($"/api/v1/cases/{reference}/timeline");
        Assert.Contains(timeline.GetProperty("items").EnumerateArray(), e => e.GetProperty("attachments").EnumerateArray().Any(a => a.GetProperty("id").GetGuid() == stored.Id));
        var staffDownload = await taylor.GetAsync(Http.Url($"/api/v1/attachments/{stored.Id}"));
        Assert.Equal(HttpStatusCode.OK, staffDownload.StatusCode);
        Assert.Equal(pdf, await staffDownload.Content.ReadAsByteArrayAsync());

        // The citizen downloads it from their request page; another citizen gets "not found", as for no file at all.
        var page = await GetPageAsync(citizen, $"/account/requests/{reference}");
        Assert.Contains($"account/attachments/{stored.Id}", page.Html, StringComparison.Ordinal);
        using var own = await GetAsync(citizen, $"/account/attachments/{stored.Id}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("attachment", own.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", own.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(pdf, await own.Content.ReadAsByteArrayAsync());
        using var foreign = await GetAsync(other, $"/account/attachments/{stored.Id}");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        using var missing = await GetAsync(citizen, $"/account/attachments/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_request_page_gives_its_times_on_the_jurisdictions_clocks_with_their_offset_from_utc()
    {
        host.RequireDatabase();
        var citizen = await SignUpAsync("Tim", "Zone");
        using var response = await PostApplyAsync(citizen, new() { ["Intent"] = "submit", ["Answers[details]"] = "When was this sent?" }, []);
        var reference = Regex.Match(response.Headers.Location!.ToString(), "account/requests/([^?]+)").Groups[1].Value;
        var createdAt = await host.InDbAsync(db => db.Cases.Where(c => c.Reference == reference).Select(c => c.CreatedAt).SingleAsync());

        var page = await GetPageAsync(citizen, $"/account/requests/{reference}");

        // The demo jurisdiction keeps Chicago's clocks (Outreach:TimeZone); the <time> element keeps the UTC moment.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(createdAt, DateTimeKind.Utc), zone);
        var offset = zone.GetUtcOffset(DateTime.SpecifyKind(createdAt, DateTimeKind.Utc));
        var shown = $"{local.ToString("g", System.Globalization.CultureInfo.GetCultureInfo("en"))} UTC−{offset.Duration():hh\\:mm}";
        Assert.Contains($"datetime=\"{DateTime.SpecifyKind(createdAt, DateTimeKind.Utc):O}\">{shown}</time>", WebUtility.HtmlDecode(page.Html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_citizen_who_chose_a_time_zone_sees_the_request_pages_times_on_their_own_clocks()
    {
        host.RequireDatabase();
        var citizen = await SignUpAsync("Tara", "Kolkata");
        await host.InDbAsync(db => db.Citizens.Where(c => c.Id == citizen.CitizenId).ExecuteUpdateAsync(s => s.SetProperty(c => c.TimeZone, "Asia/Kolkata")));
        using var response = await PostApplyAsync(citizen, new() { ["Intent"] = "submit", ["Answers[details]"] = "Which clock is this?" }, []);
        var reference = Regex.Match(response.Headers.Location!.ToString(), "account/requests/([^?]+)").Groups[1].Value;
        var createdAt = await host.InDbAsync(db => db.Cases.Where(c => c.Reference == reference).Select(c => c.CreatedAt).SingleAsync());

        var page = await GetPageAsync(citizen, $"/account/requests/{reference}");
        var list = await GetPageAsync(citizen, "/account/requests");

        // India keeps UTC+05:30 all year; the jurisdiction's Chicago clocks would say UTC−06:00 or −05:00.
        var local = DateTime.SpecifyKind(createdAt, DateTimeKind.Utc).AddMinutes(330);
        var shown = $"datetime=\"{DateTime.SpecifyKind(createdAt, DateTimeKind.Utc):O}\">{local.ToString("g", System.Globalization.CultureInfo.GetCultureInfo("en"))} UTC+05:30</time>";
        Assert.Contains(shown, WebUtility.HtmlDecode(page.Html), StringComparison.Ordinal);
        Assert.Contains("UTC+05:30</time>", WebUtility.HtmlDecode(list.Html), StringComparison.Ordinal);
        Assert.DoesNotContain("UTC−0", WebUtility.HtmlDecode(page.Html), StringComparison.Ordinal);

        // The tracking page, used while signed in, shows the same clocks (from an address of its own: look-ups are limited per address).
        var contact = await host.InDbAsync(db => db.ChannelIdentities.Where(i => i.CitizenId == citizen.CitizenId && i.Kind == IdentityKind.Email).Select(i => i.Value).SingleAsync());
        using var tracked = await PostFormAsync(
            citizen, "/track", await GetPageAsync(citizen, "/track"), new() { ["_handler"] = "track", ["Input.Reference"] = reference, ["Input.Contact"] = contact }, [], address: $"198.51.100.{Random.Shared.Next(1, 255)}");
        var trackedHtml = WebUtility.HtmlDecode(await tracked.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"tracked\"", trackedHtml, StringComparison.Ordinal);
        // Compared as the list of times the page shows, so that a failure says which clocks it used.
        Assert.Contains(shown, Regex.Matches(trackedHtml, "datetime=[^<]*</time>").Select(m => m.Value));
        Assert.DoesNotContain("UTC−0", trackedHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_chosen_before_saving_a_draft_stays_with_the_draft_and_goes_to_the_case_it_becomes()
    {
        host.RequireDatabase();
        var citizen = await SignUpAsync("Dora", "Borrador");
        var pdf = Pdf();

        using var saved = await PostApplyAsync(citizen, new() { ["Intent"] = "save", ["Answers[details]"] = "Started, to finish later" }, [("lease.pdf", pdf)]);

        Assert.Equal(HttpStatusCode.Found, saved.StatusCode);
        var draftId = await host.InDbAsync(db => db.Drafts.Where(d => d.CitizenId == citizen.CitizenId).Select(d => d.Id).SingleAsync());
        var stored = await host.InDbAsync(db => db.Attachments.AsNoTracking().SingleAsync(a => a.CitizenId == citizen.CitizenId));
        Assert.Null(stored.CaseId);
        Assert.Equal(draftId, await host.InDbAsync(db => db.Interactions.Where(i => i.Id == stored.InteractionId).Select(i => i.DraftId).SingleAsync()));

        // Coming back, the citizen sees what is attached already, and can add more.
        var resumed = await GetPageAsync(citizen, $"/services/{Service}/apply?draft={draftId}");
        Assert.Contains("data-testid=\"attached-files\"", resumed.Html, StringComparison.Ordinal);
        Assert.Contains("lease.pdf", resumed.Html, StringComparison.Ordinal);
        using var more = await PostApplyAsync(citizen, new() { ["Intent"] = "save", ["DraftId"] = draftId.ToString(), ["Answers[details]"] = "Still to finish" }, [("note.txt", "Landlord: Mr Smith"u8.ToArray())], resumed);
        Assert.Equal(HttpStatusCode.Found, more.StatusCode);
        Assert.Equal(2, await host.InDbAsync(db => db.Attachments.CountAsync(a => a.CitizenId == citizen.CitizenId)));

        // Submitted, the case inherits the draft's interactions and their files.
        var view = await host.InScopeAsync(sp => sp.GetRequiredService<DraftView>().GetAsync(draftId, new Core.Access.Actor(Core.Access.ActorKind.Citizen, citizen.CitizenId.ToString(), "Citizen"), CancellationToken.None));
        Assert.Equal(["lease.pdf", "note.txt"], view.Value!.Attachments.Select(a => a.FileName));
        var again = await GetPageAsync(citizen, $"/services/{Service}/apply?draft={draftId}");
        using var submitted = await PostApplyAsync(citizen, new() { ["Intent"] = "submit", ["DraftId"] = draftId.ToString(), ["Answers[details]"] = "Finished" }, [], again);
        Assert.Equal(HttpStatusCode.Found, submitted.StatusCode);
        var caseId = await host.InDbAsync(db => db.Drafts.Where(d => d.Id == draftId).Select(d => d.CaseId).SingleAsync());
        Assert.NotNull(caseId);
        Assert.All(await host.InDbAsync(db => db.Attachments.Where(a => a.CitizenId == citizen.CitizenId).Select(a => a.CaseId).ToListAsync()), id => Assert.Equal(caseId, id));
        var reference = await host.InDbAsync(db => db.Cases.Where(c => c.Id == caseId).Select(c => c.Reference).SingleAsync());
        var page = await GetPageAsync(citizen, $"/account/requests/{reference}");
        Assert.Contains("lease.pdf", page.Html, StringComparison.Ordinal);
        Assert.Contains("note.txt", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_written_on_a_request_carries_its_files_onto_the_case()
    {
        host.RequireDatabase();
        var citizen = await SignUpAsync("Mia", "Mensaje");
        using var applied = await PostApplyAsync(citizen, new() { ["Intent"] = "submit", ["Answers[details]"] = "Question about my bill" }, []);
        var reference = Regex.Match(applied.Headers.Location!.ToString(), "account/requests/([^?]+)").Groups[1].Value;
        var png = new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 };

        var page = await GetPageAsync(citizen, $"/account/requests/{reference}");
        using var sent = await PostFormAsync(citizen, $"/account/requests/{reference}", page, new() { ["_handler"] = "message", ["Message"] = "Here is the letter" }, [("letter.png", png)]);

        Assert.Equal(HttpStatusCode.Found, sent.StatusCode);
        var stored = await host.InDbAsync(db => db.Attachments.AsNoTracking().SingleAsync(a => a.CitizenId == citizen.CitizenId));
        var message = await host.InDbAsync(db => db.Interactions.AsNoTracking().SingleAsync(i => i.Id == stored.InteractionId));
        Assert.Equal("Here is the letter", message.Body);
        Assert.Equal(stored.CaseId, message.CaseId);
        Assert.Equal(AttachmentKinds.Png, stored.ContentType);
        var thread = await GetPageAsync(citizen, $"/account/requests/{reference}");
        Assert.Contains($"account/attachments/{stored.Id}", thread.Html, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> RefusedFiles => new()
    {
        { "empty", "en" },
        { "too-large", "en" },
        { "not-accepted", "en" },
        { "too-many", "en" },
        { "empty", "es" },
        { "too-large", "es" },
        { "not-accepted", "es" },
        { "too-many", "es" },
    };

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public async Task A_refused_file_is_named_in_the_error_summary_and_nothing_is_recorded(string problem, string language)
    {
        host.RequireDatabase();
        var citizen = await SignUpAsync("Rafa", "Rechazo");
        var limits = host.Services.GetRequiredService<AttachmentRules>().Limits;
        var files = problem switch
        {
            "empty" => [("blank.pdf", Array.Empty<byte>())],
            "too-large" => [("scan.pdf", Pdf(limits.MaxBytes + 1))],
            // A program named like a document: the first bytes decide, not the name.
            "not-accepted" => [("invoice.pdf", "MZ\u0090\0\u0003\0\0\0"u8.ToArray())],
            _ => Enumerable.Range(1, limits.MaxCount + 1).Select(i => ($"page{i}.pdf", Pdf(64))).ToList(),
        };
        var expected = (problem, language) switch
        {
            ("empty", "en") => "blank.pdf is empty.",
            ("empty", _) => "blank.pdf está vacío.",
            ("too-large", "en") => "scan.pdf is larger than",
            ("too-large", _) => "scan.pdf pesa más de",
            ("not-accepted", "en") => "invoice.pdf is not a kind of file we accept.",
            ("not-accepted", _) => "invoice.pdf no es un tipo de archivo que aceptemos.",
            (_, "en") => $"Choose at most {limits.MaxCount} files at a time.",
            _ => $"Elija como máximo {limits.MaxCount} archivos a la vez.",
        };
        var page = await GetPageAsync(citizen, $"/services/{Service}/apply", language);
        var before = await host.RowCountsAsync();

        // Both forms refuse alike: a new application and a message on a request.
        using var refused = await PostApplyAsync(citizen, new() { ["Intent"] = "submit", ["Answers[details]"] = "With a bad file" }, files, page, language);

        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("id=\"error-summary\"", html, StringComparison.Ordinal);
        Assert.Matches($"<a href=\"[^\"]*#files\">[^<]*{Regex.Escape(expected)}", WebUtility.HtmlDecode(html));
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Equal(before, await host.RowCountsAsync());
        Assert.False(await host.InDbAsync(db => db.Drafts.AnyAsync(d => d.CitizenId == citizen.CitizenId)));
        Assert.False(await host.InDbAsync(db => db.Attachments.AnyAsync(a => a.CitizenId == citizen.CitizenId)));
    }

    [Fact]
    public async Task A_message_with_a_refused_file_is_not_recorded()
    {
        host.RequireDatabase();
        var citizen = await SignUpAsync("Nico", "Nada");
        using var applied = await PostApplyAsync(citizen, new() { ["Intent"] = "submit", ["Answers[details]"] = "A question" }, []);
        var reference = Regex.Match(applied.Headers.Location!.ToString(), "account/requests/([^?]+)").Groups[1].Value;
        var page = await GetPageAsync(citizen, $"/account/requests/{reference}");
        var before = await host.RowCountsAsync();

        using var refused = await PostFormAsync(citizen, $"/account/requests/{reference}", page, new() { ["_handler"] = "message", ["Message"] = "See attached" }, [("run.pdf", "#!/bin/sh\0rm"u8.ToArray())]);

        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("run.pdf is not a kind of file we accept.", html, StringComparison.Ordinal);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_body_larger_than_the_upload_limit_is_refused_before_it_is_read()
    {
        host.RequireDatabase();
        var citizen = await SignUpAsync("Gus", "Grande");
        var limit = host.Services.GetRequiredService<AttachmentRules>().MaxUploadRequestBytes;
        var page = await GetPageAsync(citizen, $"/services/{Service}/apply");
        var before = await host.RowCountsAsync();

        // The declared length alone decides: the bytes are never sent, as a client's would not be once refused.
        using var request = new HttpRequestMessage(HttpMethod.Post, Http.Url($"/services/{Service}/apply")) { Content = new DeclaredLengthContent(limit + 1) };
        request.Headers.Add("Cookie", $"{PortalCookie(citizen)}; {page.AntiforgeryCookie}");
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var response = await client.SendAsync(request);

        var problem = await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains($"{limit / 1024 / 1024} MiB", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await host.RowCountsAsync());

        // The raised limit is the upload pages' own: elsewhere the host's default still holds.
        using var elsewhere = new HttpRequestMessage(HttpMethod.Post, Http.Url("/account/profile")) { Content = new DeclaredLengthContent(3 * 1024 * 1024) };
        using var refusedElsewhere = await client.SendAsync(elsewhere);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refusedElsewhere.StatusCode);
    }

    private sealed record Page(string Html, string Token, string AntiforgeryCookie);

    private async Task<SignedInCitizen> SignUpAsync(string given, string family)
    {
        var signedUp = await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccounts>().SignUpAsync(
            new CitizenAccounts.SignUpRequest(given, family, $"{Guid.NewGuid():N}@mail.example", "a long enough passphrase 42", "en", "http://portal.example/account/verify"),
            CancellationToken.None));
        Assert.True(signedUp.Succeeded);
        return signedUp.Value!.Citizen;
    }

    private string PortalCookie(SignedInCitizen citizen)
    {
        var options = host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(PortalAuth.Scheme);
        var ticket = options.TicketDataFormat.Protect(new AuthenticationTicket(PortalSession.PrincipalFor(citizen), PortalAuth.Scheme));
        return $"{options.Cookie.Name}={ticket}";
    }

    private async Task<HttpResponseMessage> GetAsync(SignedInCitizen citizen, string path, string language = "en")
    {
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, Http.Url(path));
        request.Headers.Add("Cookie", PortalCookie(citizen));
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await client.SendAsync(request);
    }

    private async Task<Page> GetPageAsync(SignedInCitizen citizen, string path, string language = "en")
    {
        using var response = await GetAsync(citizen, path, language);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        var antiforgery = response.Headers.GetValues("Set-Cookie").First(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)).Split(';')[0];
        return new Page(html, TokenField().Match(html).Groups[1].Value, antiforgery);
    }

    private async Task<HttpResponseMessage> PostApplyAsync(
        SignedInCitizen citizen, Dictionary<string, string> fields, IReadOnlyList<(string Name, byte[] Bytes)> files, Page? page = null, string language = "en")
    {
        page ??= await GetPageAsync(citizen, $"/services/{Service}/apply", language);
        fields["_handler"] = "apply";
        return await PostFormAsync(citizen, $"/services/{Service}/apply", page, fields, files, language);
    }

    /// <summary>Posts a page's form as a browser does with enctype="multipart/form-data": its fields, its token, its files.</summary>
    private async Task<HttpResponseMessage> PostFormAsync(
        SignedInCitizen citizen, string path, Page page, Dictionary<string, string> fields, IReadOnlyList<(string Name, byte[] Bytes)> files, string language = "en", string? address = null)
    {
        var form = new MultipartFormDataContent { { new StringContent(page.Token), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        foreach (var (name, bytes) in files)
        {
            var file = new ByteArrayContent(bytes);
            // What the browser claims counts for nothing: the content decides.
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "Files", name);
        }

        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, Http.Url(path)) { Content = form };
        request.Headers.Add("Cookie", $"{PortalCookie(citizen)}; {page.AntiforgeryCookie}");
        request.Headers.AcceptLanguage.ParseAdd(language);
        if (address is not null)
        {
            // The citizen's own address, as the trusted proxy in front of the test host reports it.
            request.Headers.Add("X-Forwarded-For", address);
        }

        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>A multipart body that announces a length and would send its bytes only if they were read.</summary>
    private sealed class DeclaredLengthContent : HttpContent
    {
        private readonly long _length;

        public DeclaredLengthContent(long length)
        {
            _length = length;
            Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            stream.WriteAsync("--x\r\n"u8.ToArray()).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}

[Collection(SqliteCollection.Name)]
public sealed class PortalUploadOnSqlite(SqliteHost host) : PortalUploadTests(host);

[Collection(PostgresCollection.Name)]
public sealed class PortalUploadOnPostgres(PostgresHost host) : PortalUploadTests(host);
