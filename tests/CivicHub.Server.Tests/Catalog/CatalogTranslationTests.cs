using CivicHub.Core.Access;
using CivicHub.Core.Catalog;
using CivicHub.Core.Demo;
using CivicHub.Core.Staff;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Catalog;

/// <summary>
/// The catalog in more than one language: administrators write translations through the API (validated field by
/// field), the portal shows the reader's language and falls back to the default text, search finds Spanish words,
/// and Open311, whose GeoReport v2 has no way to ask for a language, stays in the default one.
/// </summary>
public abstract class CatalogTranslationTests(CivicHubHost host)
{
    private const string SpanishCookie = ".AspNetCore.Culture=c%3Des%7Cuic%3Des";

    [Fact]
    public async Task The_services_page_is_shown_while_the_catalog_is_loaded_again()
    {
        // After an administrator's change the catalog is read again; on PostgreSQL that read is truly asynchronous and
        // the page rendered once before it finished, which threw (a 500) before the page waited for it.
        host.Services.GetRequiredService<CatalogSnapshot>().Invalidate();
        var response = await host.AnonymousClient().GetAsync(Http.Url("/services"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Pothole", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_catalog_has_spanish_for_every_service_department_topic_and_field()
    {
        host.RequireDatabase();
        var services = await host.InDbAsync(db => db.Services.AsNoTracking().Where(s => DemoCatalog.Services.Select(d => d.Service.Code).Contains(s.Code)).ToListAsync());
        var departments = await host.InDbAsync(db => db.Departments.AsNoTracking().Where(d => DemoCatalog.Departments.Select(x => x.Code).Contains(d.Code)).ToListAsync());

        Assert.Equal(DemoCatalog.Services.Count, services.Count);
        Assert.Equal(DemoCatalog.Departments.Count, departments.Count);
        Assert.All(departments, d => Assert.NotEqual(d.Name, d.NameIn("es")));
        Assert.All(services, s =>
        {
            var spanish = Assert.Single(s.Translations, t => t.Language == "es");
            Assert.False(string.IsNullOrEmpty(spanish.Name));
            Assert.False(string.IsNullOrEmpty(spanish.Description));
            Assert.False(string.IsNullOrEmpty(spanish.Topic));
            Assert.NotEmpty(spanish.Keywords);
            // Other tests on this host change some demo forms: the fields the demo wrote are the ones to check.
            var demoFields = DemoCatalog.Services.Single(d => d.Service.Code == s.Code).Service.Fields.Select(f => f.Key).ToHashSet();
            Assert.All(s.Fields.Where(f => demoFields.Contains(f.Key)), f =>
            {
                Assert.NotEqual(f.Label, f.LabelIn("es"));
                Assert.True(f.Help is null || f.Help != f.HelpIn("es"), $"{s.Code}.{f.Key} help");
                Assert.All(f.Options, o => Assert.NotEqual(o, f.OptionIn(o, "es")));
            });
        });
    }

    [Fact]
    public async Task The_portal_shows_the_spanish_texts_and_the_default_where_a_translation_is_missing()
    {
        var code = await NewServiceAsync();
        var admin = await host.StaffClientAsync("morgan");
        // Only the name and one field's label are translated: the description and the other field fall back.
        (await admin.PutAsJsonAsync(Http.Url($"/api/v1/services/{code}/translations/es"), new
        {
            name = "Banco roto en el parque",
            fields = new Dictionary<string, object> { ["where"] = new { label = "¿En qué parque?", options = Array.Empty<string>() } },
        }, CivicHubHost.Json)).EnsureSuccessStatusCode();

        var client = host.AnonymousClient();
        client.DefaultRequestHeaders.Add("Cookie", SpanishCookie);
        // Blazor writes characters outside ASCII as entities: read the page as the browser shows it.
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(Http.Url($"/services/{code}")));

        Assert.Contains("<h1>Banco roto en el parque</h1>", page, StringComparison.Ordinal);
        Assert.Contains("A bench that is broken or missing.", page, StringComparison.Ordinal);
        Assert.Contains("¿En qué parque?", page, StringComparison.Ordinal);
        Assert.Contains("What is broken?", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Broken park bench", page, StringComparison.Ordinal);

        // The same page in English is as written.
        var english = await host.AnonymousClient().GetStringAsync(Http.Url($"/services/{code}"));
        Assert.Contains("<h1>Broken park bench</h1>", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_finds_services_by_their_spanish_names_and_keywords_without_accents_too()
    {
        var spanish = host.AnonymousClient();
        spanish.DefaultRequestHeaders.Add("Cookie", SpanishCookie);

        var byName = await spanish.GetStringAsync(Http.Url("/services?q=bache"));
        var byKeyword = await spanish.GetStringAsync(Http.Url("/services?q=cupones+de+alimentos"));
        var unaccented = await spanish.GetStringAsync(Http.Url("/services?q=vehiculo+abandonado"));
        var fromEnglishPage = await host.AnonymousClient().GetStringAsync(Http.Url("/services?q=farola"));

        Assert.Contains("href=\"services/pothole\"", byName, StringComparison.Ordinal);
        Assert.Contains(">Bache</a>", byName, StringComparison.Ordinal);
        Assert.Contains("href=\"services/benefits-application\"", byKeyword, StringComparison.Ordinal);
        Assert.Contains("href=\"services/abandoned-vehicle\"", unaccented, StringComparison.Ordinal);
        // A Spanish speaker on the English pages finds the service too, and reads it in English there.
        Assert.Contains(">Street light out</a>", fromEnglishPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_translates_a_service_and_a_department_through_the_api()
    {
        var code = await NewServiceAsync();
        var admin = await host.StaffClientAsync("morgan");

        var saved = await (await admin.PutAsJsonAsync(Http.Url($"/api/v1/services/{code}/translations/es"), new
        {
            name = "Banco roto",
            description = "Un banco roto o que falta.",
            topic = "Parques y árboles",
            keywords = new[] { "Banco", "asiento" },
            fields = new Dictionary<string, object>
            {
                ["where"] = new { label = "¿Dónde?", help = "El nombre del parque." },
                ["damage"] = new { label = "¿Qué está roto?", options = new[] { "el asiento", "el respaldo" } },
            },
        }, CivicHubHost.Json)).JsonAsync(HttpStatusCode.OK);
        var es = saved.GetProperty("translations").EnumerateArray().Single(t => t.GetProperty("language").GetString() == "es");
        Assert.Equal("Banco roto", es.GetProperty("name").GetString());
        Assert.Equal(["banco", "asiento"], es.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()).ToArray());

        var read = await admin.GetJsonAsync($"/api/v1/services/{code}");
        var damage = read.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "damage");
        var damageEs = damage.GetProperty("translations").EnumerateArray().Single();
        Assert.Equal(["el asiento", "el respaldo"], damageEs.GetProperty("options").EnumerateArray().Select(o => o.GetString()).ToArray());

        // Writing the language again replaces it: what is left out falls back to the default text.
        (await admin.PutAsJsonAsync(Http.Url($"/api/v1/services/{code}/translations/es"), new { name = "Banco dañado" }, CivicHubHost.Json)).EnsureSuccessStatusCode();
        var service = await host.InDbAsync(db => db.Services.AsNoTracking().SingleAsync(s => s.Code == code));
        Assert.Equal("Banco dañado", service.NameIn("es"));
        Assert.Equal(service.Description, service.DescriptionIn("es"));
        Assert.Equal("What is broken?", service.Fields.Single(f => f.Key == "damage").LabelIn("es"));

        var department = await (await admin.PutAsJsonAsync(Http.Url("/api/v1/departments/HEALTH/translations/es"), new { name = "Salud", description = "Seguridad alimentaria, plagas y salud pública." }, CivicHubHost.Json))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Salud", department.GetProperty("translations").EnumerateArray().Single().GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_translation_that_cannot_be_stored_is_refused_naming_the_field()
    {
        var code = await NewServiceAsync();
        var admin = await host.StaffClientAsync("morgan");

        Task<HttpResponseMessage> PutAsync(string language, object body) =>
            admin.PutAsJsonAsync(Http.Url($"/api/v1/services/{code}/translations/{language}"), body, CivicHubHost.Json);

        await (await PutAsync("fr", new { name = "Banc cassé" })).ProblemAsync(HttpStatusCode.BadRequest, "language");
        await (await PutAsync("en", new { name = "Broken bench" })).ProblemAsync(HttpStatusCode.BadRequest, "language");
        await (await PutAsync("es", new { name = new string('b', 201) })).ProblemAsync(HttpStatusCode.BadRequest, "name");
        await (await PutAsync("es", new { description = "a\0b" })).ProblemAsync(HttpStatusCode.BadRequest, "description");
        await (await PutAsync("es", new { fields = new Dictionary<string, object> { ["damage"] = new { options = new[] { "solo uno" } } } }))
            .ProblemAsync(HttpStatusCode.BadRequest, "fields.damage.options");
        await (await PutAsync("es", new { fields = new Dictionary<string, object> { ["nonexistent"] = new { label = "¿?" } } }))
            .ProblemAsync(HttpStatusCode.BadRequest, "fields.nonexistent");
        Assert.Empty(await host.InDbAsync(db => db.Services.AsNoTracking().Where(s => s.Code == code).Select(s => s.Translations).SingleAsync()));

        // Only administrators write the catalog.
        var agent = await host.StaffClientAsync("dana");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PutAsJsonAsync(Http.Url($"/api/v1/services/{code}/translations/es"), new { name = "Banco" }, CivicHubHost.Json)).StatusCode);
        var unknown = await admin.PutAsJsonAsync(Http.Url("/api/v1/services/no-such-service/translations/es"), new { name = "Nada" }, CivicHubHost.Json);
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Open311_services_stay_in_the_default_language_whatever_the_client_asks()
    {
        var client = host.AnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Http.Url("/open311/v2/services.json?locale=es"));
        request.Headers.AcceptLanguage.ParseAdd("es-MX,es;q=0.9");
        var services = await (await client.SendAsync(request)).JsonAsync(HttpStatusCode.OK);

        var pothole = services.EnumerateArray().Single(s => s.GetProperty("service_code").GetString() == "pothole");
        Assert.Equal("Pothole", pothole.GetProperty("service_name").GetString());
    }

    /// <summary>A service of the test's own, written in English only, with a text field and a select field.</summary>
    [Fact]
    public async Task Translating_a_service_keeps_its_fields_marked_sensitive()
    {
        var code = await NewServiceAsync();
        var admin = await host.StaffClientAsync("morgan");

        (await admin.PutAsJsonAsync(Http.Url($"/api/v1/services/{code}/translations/es"), new
        {
            name = "Banco roto",
            fields = new Dictionary<string, object> { ["permit"] = new { label = "Número de permiso" } },
        }, CivicHubHost.Json)).EnsureSuccessStatusCode();

        var read = await admin.GetJsonAsync($"/api/v1/services/{code}");
        var fields = read.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("key").GetString()!, f => f.GetProperty("sensitive").GetBoolean());
        Assert.True(fields["permit"]);
        Assert.False(fields["where"]);
    }

    private async Task<string> NewServiceAsync()
    {
        var code = $"bench-{Guid.NewGuid():N}"[..20];
        var saved = await host.InScopeAsync(async sp =>
        {
            var departmentId = await sp.GetRequiredService<Core.Data.CivicHubDb>().Departments.Where(d => d.Code == "PUBWORKS").Select(d => d.Id).SingleAsync();
            var admin = new Actor(ActorKind.Staff, "morgan", "Morgan", StaffRole.Administrator);
            return await sp.GetRequiredService<CatalogAdministration>().SaveServiceAsync(null, new CatalogAdministration.ServiceInput(
                code, "Broken park bench", "A bench that is broken or missing.", "Parks and trees", departmentId, ["bench"], 240, true, false,
                [
                    new FormField { Key = "where", Label = "Which park?", Type = FormFieldType.Text, Required = true },
                    new FormField { Key = "damage", Label = "What is broken?", Type = FormFieldType.Select, Options = ["seat", "back"] },
                    new FormField { Key = "permit", Label = "Your events permit number", Type = FormFieldType.Text, Sensitive = true },
                ]), admin, CancellationToken.None);
        });
        Assert.True(saved.Succeeded, saved.Problem?.Detail);
        return code;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CatalogTranslationOnSqlite(SqliteHost host) : CatalogTranslationTests(host);

[Collection(PostgresCollection.Name)]
public sealed class CatalogTranslationOnPostgres(PostgresHost host) : CatalogTranslationTests(host);
