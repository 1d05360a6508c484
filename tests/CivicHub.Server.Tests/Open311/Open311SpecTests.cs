using System.Xml.Linq;
using Xunit.Sdk;

namespace CivicHub.Server.Tests.Open311;

/// <summary>The checks the Open311 tests rely on can fail: the schemas and the fixtures' shapes really constrain answers.</summary>
public sealed class Open311SpecTests
{
    [Theory]
    [InlineData("services", """[{"service_code":"x","service_name":"X","metadata":"yes","type":"realtime"}]""")]
    [InlineData("services", """[{"service_code":"x","service_name":"X","metadata":true,"type":"sometimes"}]""")]
    [InlineData("requests", """[{"service_request_id":"A","status":"pending","service_code":"x","requested_datetime":"2026-01-01T00:00:00Z"}]""")]
    [InlineData("requests", """[{"service_request_id":"A","status":"open","service_code":"x","requested_datetime":"yesterday"}]""")]
    [InlineData("requests", """[{"service_request_id":"A","status":"open","service_code":"x","requested_datetime":"2026-01-01T00:00:00Z","lat":"39.1"}]""")]
    [InlineData("service-definition", """{"service_code":"x","attributes":[{"variable":true,"code":"a","datatype":"colour","required":false}]}""")]
    public void The_schemas_refuse_what_the_spec_forbids(string schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Throws<TrueException>(() => Open311Spec.AssertValid(schema, document.RootElement));
    }

    [Fact]
    public void The_shape_check_notices_a_missing_or_renamed_element()
    {
        var fixture = XDocument.Load(Open311Spec.Fixture("token.xml"));
        fixture.Root!.Element("request")!.Element("token")!.Name = "tokens";
        Assert.ThrowsAny<XunitException>(() => Open311Spec.AssertSameShape("token.xml", fixture.ToString()));
    }
}
