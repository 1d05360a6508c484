using System.Globalization;
using System.Text.Json.Nodes;
using CivicHub.Core.Catalog;
using CivicHub.Core.Open311;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace CivicHub.Server.Open311;

/// <summary>
/// Open311 GeoReport v2 under /open311: discovery, services, service definitions, service requests and tokens,
/// in JSON or XML by the path's extension. Reading is anonymous, as on public city servers; submitting needs an api_key.
/// </summary>
public static class Open311Endpoints
{
    public const string Prefix = "/open311";

    public static void MapOpen311Endpoints(this IEndpointRouteBuilder app)
    {
        // Explicitly outside the staff API's fallback policy: Open311 clients carry no bearer token.
        var open311 = app.MapGroup(Prefix).WithTags("Open311").AllowAnonymous();
        open311.MapGet("/discovery.{format}", Discovery).WithSummary("Open311 discovery: where the endpoints are and what they speak");

        var v2 = open311.MapGroup("/v2");
        v2.MapGet("/services.{format}", ServicesAsync).WithSummary("Open311: the services a request can be made for");
        v2.MapGet("/services/{serviceCode}.{format}", DefinitionAsync).WithSummary("Open311: a service's definition (its form's attributes)");
        v2.MapGet("/requests.{format}", FindRequestsAsync)
            .WithSummary("Open311: service requests")
            .WithDescription("By service_request_id (comma-separated; overrides the rest), or service_code, start_date, end_date (at most 90 days; the last 90 by default) and status (open, closed). At most 1000, newest first.");
        v2.MapGet("/requests/{id}.{format}", GetRequestAsync).WithSummary("Open311: one service request");
        v2.MapPost("/requests.{format}", SubmitServiceRequest.HandleAsync)
            .WithSummary("Open311: submit a service request")
            .WithDescription("Form-encoded as the spec says, with api_key. Opens a case at once, so the answer carries service_request_id, not a token.")
            .DisableAntiforgery();
        v2.MapGet("/tokens/{token}.{format}", TokenAsync)
            .WithSummary("Open311: the request a token stands for")
            .WithDescription("Requests are created synchronously, so a token is the service_request_id itself.");
    }

    /// <summary>The format named by the path's extension, or null when it is neither json nor xml.</summary>
    public static Open311Format? FormatOf(string format) => format.ToLowerInvariant() switch
    {
        "json" => Open311Format.Json,
        "xml" => Open311Format.Xml,
        _ => null,
    };

    /// <summary>An answer for a path ending in neither .json nor .xml; it is sent as JSON, the format most clients read.</summary>
    public static Open311Response UnknownFormat() =>
        Open311Errors.NotFound(Open311Format.Json, "Unknown format: end the path in .json or .xml.");

    /// <summary>Null when jurisdiction_id is absent (one jurisdiction is served) or is ours; else the error to send.</summary>
    public static Open311Response? CheckJurisdiction(StringValues jurisdiction, Open311Options options, Open311Format format) =>
        StringValues.IsNullOrEmpty(jurisdiction) || string.Equals(jurisdiction.ToString().Trim(), options.JurisdictionId, StringComparison.OrdinalIgnoreCase)
            ? null
            : Open311Errors.NotFound(format, $"jurisdiction_id: this server serves only '{options.JurisdictionId}'.");

    private static Open311Response Discovery(string format, HttpContext http, IOptions<Open311Options> options)
    {
        if (FormatOf(format) is not { } f)
        {
            return UnknownFormat();
        }

        var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{Prefix}/v2";
        return new Open311Response(Open311Documents.Discovery(options.Value, url), "discovery", f);
    }

    private static async Task<Open311Response> ServicesAsync(string format, HttpContext http, CatalogSnapshot catalog, IOptions<Open311Options> options, CancellationToken cancellationToken)
    {
        if (FormatOf(format) is not { } f)
        {
            return UnknownFormat();
        }

        if (CheckJurisdiction(http.Request.Query["jurisdiction_id"], options.Value, f) is { } wrong)
        {
            return wrong;
        }

        var snapshot = await catalog.GetAsync(cancellationToken);
        var services = new JsonArray([.. Offered(snapshot).Select(s => (JsonNode)Open311Documents.Service(s))]);
        return new Open311Response(services, "services", f);
    }

    private static async Task<Open311Response> DefinitionAsync(
        string serviceCode, string format, HttpContext http, CatalogSnapshot catalog, IOptions<Open311Options> options, CancellationToken cancellationToken)
    {
        if (FormatOf(format) is not { } f)
        {
            return UnknownFormat();
        }

        if (CheckJurisdiction(http.Request.Query["jurisdiction_id"], options.Value, f) is { } wrong)
        {
            return wrong;
        }

        var service = OfferedService(await catalog.GetAsync(cancellationToken), serviceCode);
        return service is null
            ? Open311Errors.NotFound(f, "service_code: no service offered here has that code.")
            : new Open311Response(Open311Documents.Definition(service), "service_definition", f);
    }

    private static async Task<Open311Response> FindRequestsAsync(
        string format, HttpContext http, ServiceRequests requests, IOptions<Open311Options> options, CancellationToken cancellationToken)
    {
        if (FormatOf(format) is not { } f)
        {
            return UnknownFormat();
        }

        var query = http.Request.Query;
        if (CheckJurisdiction(query["jurisdiction_id"], options.Value, f) is { } wrong)
        {
            return wrong;
        }

        var errors = new List<string>();
        var start = Date(query["start_date"], "start_date", errors);
        var end = Date(query["end_date"], "end_date", errors);
        bool? open = null;
        var statuses = List(query["status"]);
        if (statuses.Any(s => s is not ("open" or "closed")))
        {
            errors.Add("status: Must be open, closed, or both separated by a comma.");
        }
        else if (statuses.Distinct().Count() == 1)
        {
            open = statuses[0] == "open";
        }

        if (errors.Count > 0)
        {
            return Open311Errors.BadRequest(f, errors);
        }

        var ids = List(query["service_request_id"]);
        var serviceCode = StringValues.IsNullOrEmpty(query["service_code"]) ? null : query["service_code"].ToString().Trim();
        var found = await requests.FindAsync(new ServiceRequests.Query(ids, serviceCode, start, end, open), cancellationToken);
        return found.Succeeded
            ? new Open311Response(new JsonArray([.. found.Value!.Select(r => (JsonNode)Open311Documents.Request(r))]), "service_requests", f)
            : Open311Errors.From(f, found.Problem!);
    }

    private static async Task<Open311Response> GetRequestAsync(
        string id, string format, HttpContext http, ServiceRequests requests, IOptions<Open311Options> options, CancellationToken cancellationToken)
    {
        if (FormatOf(format) is not { } f)
        {
            return UnknownFormat();
        }

        if (CheckJurisdiction(http.Request.Query["jurisdiction_id"], options.Value, f) is { } wrong)
        {
            return wrong;
        }

        var found = await requests.GetAsync(id, cancellationToken);
        return found.Succeeded
            ? new Open311Response(new JsonArray(Open311Documents.Request(found.Value!)), "service_requests", f)
            : Open311Errors.NotFound(f, "service_request_id: no service request has that id.");
    }

    private static async Task<Open311Response> TokenAsync(
        string token, string format, HttpContext http, ServiceRequests requests, IOptions<Open311Options> options, CancellationToken cancellationToken)
    {
        if (FormatOf(format) is not { } f)
        {
            return UnknownFormat();
        }

        if (CheckJurisdiction(http.Request.Query["jurisdiction_id"], options.Value, f) is { } wrong)
        {
            return wrong;
        }

        // POST answers with the service_request_id at once; a client that still asks about a token gets the same id back.
        var found = await requests.GetAsync(token, cancellationToken);
        return found.Succeeded
            ? new Open311Response(Open311Documents.Token(token, found.Value!.ServiceRequestId), "service_requests", f)
            : Open311Errors.NotFound(f, "token: no service request has that token.");
    }

    /// <summary>The services Open311 offers: active ones whose requests concern public places.</summary>
    public static IEnumerable<Service> Offered(CatalogSnapshot.Catalog snapshot) =>
        snapshot.Services.Where(s => s.Active && s.PublicRequests);

    public static Service? OfferedService(CatalogSnapshot.Catalog snapshot, string? code) =>
        snapshot.ServiceByCode(code?.Trim()) is { Active: true, PublicRequests: true } service ? service : null;

    private static List<string> List(StringValues values) =>
        [.. values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    private static DateTime? Date(StringValues value, string name, List<string> errors)
    {
        if (StringValues.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed.UtcDateTime;
        }

        errors.Add($"{name}: Must be a date and time in ISO 8601, such as 2026-11-25T14:30:00Z.");
        return null;
    }
}
