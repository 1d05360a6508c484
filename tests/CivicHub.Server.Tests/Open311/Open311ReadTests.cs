using System.Xml.Linq;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;

namespace CivicHub.Server.Tests.Open311;

/// <summary>Open311's anonymous reading: discovery, services and their definitions, as city servers answer them.</summary>
public abstract class Open311ReadTests(CivicHubHost host)
{
    [Fact]
    public async Task Discovery_names_the_v2_endpoint_its_specification_and_both_formats()
    {
        var client = host.AnonymousClient();
        var discovery = await client.GetJsonAsync("/open311/discovery.json");
        Assert.False(string.IsNullOrEmpty(discovery.GetProperty("changeset").GetString()));
        Assert.False(string.IsNullOrEmpty(discovery.GetProperty("contact").GetString()));
        Assert.False(string.IsNullOrEmpty(discovery.GetProperty("key_service").GetString()));
        var endpoint = Assert.Single(discovery.GetProperty("endpoints").EnumerateArray());
        Assert.Equal("http://wiki.open311.org/GeoReport_v2", endpoint.GetProperty("specification").GetString());
        Assert.Equal("production", endpoint.GetProperty("type").GetString());
        Assert.EndsWith("/open311/v2", endpoint.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(["text/xml", "application/json"], endpoint.GetProperty("formats").EnumerateArray().Select(f => f.GetString()));

        Open311Spec.AssertSameShape("discovery-dc.xml", await client.GetXmlAsync("/open311/discovery.xml"));
    }

    [Fact]
    public async Task Services_list_the_public_services_with_their_topic_as_group()
    {
        var services = await host.AnonymousClient().GetJsonAsync("/open311/v2/services.json");
        Open311Spec.AssertValid("services", services);
        var pothole = services.EnumerateArray().Single(s => s.GetProperty("service_code").GetString() == "pothole");
        Assert.Equal("Pothole", pothole.GetProperty("service_name").GetString());
        Assert.True(pothole.GetProperty("metadata").GetBoolean());
        Assert.Equal("realtime", pothole.GetProperty("type").GetString());
        Assert.Equal("Streets and transport", pothole.GetProperty("group").GetString());
        Assert.Equal("pothole,street,road,hole", pothole.GetProperty("keywords").GetString());
    }

    [Fact]
    public async Task Services_about_a_person_are_never_offered_on_the_public_interface()
    {
        var codes = (await host.AnonymousClient().GetJsonAsync("/open311/v2/services.json")).EnumerateArray()
            .Select(s => s.GetProperty("service_code").GetString()).ToList();
        Assert.DoesNotContain("benefits-application", codes);
        Assert.DoesNotContain("property-tax-payment-plan", codes);
        await (await host.AnonymousClient().GetAsync(Http.Url("/open311/v2/services/benefits-application.json"))).JsonErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Services_in_xml_have_the_shape_of_a_city_servers()
    {
        var xml = await host.AnonymousClient().GetXmlAsync("/open311/v2/services.xml");
        Open311Spec.AssertSameShape("dc-services.xml", xml);
        Assert.Contains(XDocument.Parse(xml).Root!.Elements("service"), s => s.Element("service_code")!.Value == "pothole");
    }

    [Fact]
    public async Task A_service_definition_lists_the_form_fields_as_attributes()
    {
        var definition = await host.AnonymousClient().GetJsonAsync("/open311/v2/services/pothole.json");
        Open311Spec.AssertValid("service-definition", definition);
        Assert.Equal("pothole", definition.GetProperty("service_code").GetString());
        var attributes = definition.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.GetProperty("code").GetString()!);
        Assert.Equal(["location", "details", "size"], attributes.Keys);
        Assert.True(attributes["location"].GetProperty("required").GetBoolean());
        Assert.Equal("string", attributes["location"].GetProperty("datatype").GetString());
        Assert.Equal("text", attributes["details"].GetProperty("datatype").GetString());
        Assert.Equal("singlevaluelist", attributes["size"].GetProperty("datatype").GetString());
        Assert.Equal(["small", "medium", "large"], attributes["size"].GetProperty("values").EnumerateArray().Select(v => v.GetProperty("key").GetString()));
        Assert.Equal([1, 2, 3], attributes.Values.Select(a => a.GetProperty("order").GetInt32()));
        Assert.All(attributes.Values, a => Assert.True(a.GetProperty("variable").GetBoolean()));

        Open311Spec.AssertSameShape("dc-services-S0301.xml", await host.AnonymousClient().GetXmlAsync("/open311/v2/services/pothole.xml"));
    }

    [Fact]
    public async Task An_unknown_service_definition_is_a_404_in_the_error_format()
    {
        var client = host.AnonymousClient();
        await (await client.GetAsync(Http.Url("/open311/v2/services/moon-landing.json"))).JsonErrorAsync(HttpStatusCode.NotFound, "service_code");
        await (await client.GetAsync(Http.Url("/open311/v2/services/moon-landing.xml"))).XmlErrorAsync(HttpStatusCode.NotFound, "service_code");
    }

    [Fact]
    public async Task A_wrong_jurisdiction_is_a_404_in_the_error_format()
    {
        var client = host.AnonymousClient();
        await (await client.GetAsync(Http.Url("/open311/v2/services.json?jurisdiction_id=elsewhere.gov"))).JsonErrorAsync(HttpStatusCode.NotFound, "jurisdiction_id");
        await (await client.GetAsync(Http.Url("/open311/v2/services.xml?jurisdiction_id=elsewhere.gov"))).XmlErrorAsync(HttpStatusCode.NotFound, "jurisdiction_id");
        Open311Spec.AssertValid("services", await client.GetJsonAsync("/open311/v2/services.json?jurisdiction_id=civichub.example"));
    }

    [Fact]
    public async Task A_format_other_than_json_or_xml_is_not_found()
    {
        await (await host.AnonymousClient().GetAsync(Http.Url("/open311/v2/services.yaml"))).JsonErrorAsync(HttpStatusCode.NotFound, ".json or .xml");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class Open311ReadOnSqlite(SqliteHost host) : Open311ReadTests(host);

[Collection(PostgresCollection.Name)]
public sealed class Open311ReadOnPostgres(PostgresHost host) : Open311ReadTests(host);
