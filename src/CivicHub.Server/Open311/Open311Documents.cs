using System.Globalization;
using System.Text.Json.Nodes;
using CivicHub.Core.Catalog;
using CivicHub.Core.Open311;

namespace CivicHub.Server.Open311;

/// <summary>Builds the GeoReport v2 documents from CivicHub's catalog and cases, field for field as the spec names them.</summary>
public static class Open311Documents
{
    public const string Specification = "http://wiki.open311.org/GeoReport_v2";

    public static JsonObject Discovery(Open311Options options, string endpointUrl) => new()
    {
        ["changeset"] = Time(options.Changeset.UtcDateTime),
        ["contact"] = options.Contact,
        ["key_service"] = options.KeyService,
        ["endpoints"] = new JsonArray(new JsonObject
        {
            ["specification"] = Specification,
            ["url"] = endpointUrl,
            ["changeset"] = Time(options.Changeset.UtcDateTime),
            ["type"] = "production",
            ["formats"] = new JsonArray("text/xml", "application/json"),
        }),
    };

    public static JsonObject Service(Service service) => new()
    {
        ["service_code"] = service.Code,
        ["service_name"] = service.Name,
        ["description"] = service.Description,
        ["metadata"] = service.Fields.Count > 0,
        ["type"] = "realtime",
        ["keywords"] = service.Keywords.Count == 0 ? null : string.Join(",", service.Keywords),
        ["group"] = service.Topic,
    };

    public static JsonObject Definition(Service service)
    {
        var attributes = new JsonArray();
        foreach (var (field, index) in service.Fields.Select((f, i) => (f, i)))
        {
            var attribute = new JsonObject
            {
                ["variable"] = true,
                ["code"] = field.Key,
                ["datatype"] = Datatype(field.Type),
                ["required"] = field.Required,
                ["datatype_description"] = DatatypeDescription(field),
                ["order"] = index + 1,
                ["description"] = field.Label,

                // City servers send an empty list for fields without choices; clients expect the element.
                ["values"] = Values(field) ?? [],
            };
            attributes.Add(attribute);
        }

        return new JsonObject { ["service_code"] = service.Code, ["attributes"] = attributes };
    }

    public static JsonObject Request(ServiceRequests.Item item) => new()
    {
        ["service_request_id"] = item.ServiceRequestId,
        ["status"] = item.Open ? "open" : "closed",
        ["status_notes"] = item.StatusNotes,
        ["service_name"] = item.ServiceName,
        ["service_code"] = item.ServiceCode,
        ["description"] = item.Description,
        ["agency_responsible"] = item.AgencyResponsible,
        ["service_notice"] = item.ServiceNotice,
        ["requested_datetime"] = Time(item.RequestedAt),
        ["updated_datetime"] = Time(item.UpdatedAt),
        ["expected_datetime"] = item.ExpectedAt is { } expected ? Time(expected) : null,
        ["address"] = item.Address,
        ["address_id"] = item.AddressId,
        // CivicHub does not geocode, so it knows no postal code beyond what the address says.
        ["zipcode"] = null,
        ["lat"] = item.Latitude,
        ["long"] = item.Longitude,
        ["media_url"] = item.MediaUrl,
    };

    public static JsonArray Created(string reference, string? notice, string? accountId) =>
        new(new JsonObject { ["service_request_id"] = reference, ["service_notice"] = notice, ["account_id"] = accountId });

    public static JsonArray Token(string token, string reference) =>
        new(new JsonObject { ["service_request_id"] = reference, ["token"] = token });

    /// <summary>ISO 8601 in UTC, to the second, as city servers write it.</summary>
    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Datatype(FormFieldType type) => type switch
    {
        FormFieldType.Textarea => "text",
        FormFieldType.Number => "number",
        FormFieldType.Date => "datetime",
        FormFieldType.Select or FormFieldType.Checkbox => "singlevaluelist",
        _ => "string",
    };

    private static string? DatatypeDescription(FormField field) => field.Help ?? field.Type switch
    {
        FormFieldType.Number => "A number, such as 12 or 12.50.",
        FormFieldType.Date => "A date written YYYY-MM-DD.",
        FormFieldType.Email => "An email address.",
        FormFieldType.Phone => "A phone number.",
        FormFieldType.Address => "A street address or the nearest intersection.",
        FormFieldType.Select or FormFieldType.Checkbox => "Send the key of one value.",
        _ => field.MaxLength is { } max ? $"Text of at most {max} characters." : null,
    };

    private static JsonArray? Values(FormField field) => field.Type switch
    {
        FormFieldType.Select => new JsonArray([.. field.Options.Select(o => (JsonNode)new JsonObject { ["key"] = o, ["name"] = o })]),
        FormFieldType.Checkbox => new JsonArray(
            new JsonObject { ["key"] = "true", ["name"] = "Yes" },
            new JsonObject { ["key"] = "false", ["name"] = "No" }),
        _ => null,
    };
}
