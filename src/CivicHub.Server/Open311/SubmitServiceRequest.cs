using System.Globalization;
using System.Text.RegularExpressions;
using CivicHub.Core.Catalog;
using CivicHub.Core.Citizens;
using CivicHub.Core.Intake;
using CivicHub.Core.Open311;
using CivicHub.Server.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace CivicHub.Server.Open311;

/// <summary>
/// POST requests.{format}: checks the api_key and the form as Open311 defines it, then hands the report to the same
/// intake pipeline every channel uses, as a new request that never threads onto an open conversation.
/// </summary>
public static partial class SubmitServiceRequest
{
    /// <summary>The spec's limit on a description.</summary>
    public const int MaxDescriptionLength = 4_000;
    public const int MaxNameLength = 200;
    public const int MaxAccountIdLength = 200;

    public static async Task<Open311Response> HandleAsync(
        string format, HttpContext http, ApiKeys keys, IntakePipeline intake, CatalogSnapshot catalog, IOptions<Open311Options> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Open311Endpoints.FormatOf(format) is not { } f)
        {
            return Open311Endpoints.UnknownFormat();
        }

        // The host-wide check lets Open311 paths through so that the refusal comes in Open311's format.
        if (http.Request.ContentLength > RequestLimits.MaxRequestBodyBytes)
        {
            return Open311Errors.Error(f, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {RequestLimits.MaxRequestBodyBytes / 1024 / 1024} MiB.");
        }

        if (!http.Request.HasFormContentType)
        {
            return Open311Errors.BadRequest(f, "Send the request as application/x-www-form-urlencoded (or multipart/form-data), as Open311 defines.");
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Open311Errors.Error(f, StatusCodes.Status413PayloadTooLarge, "The request body is too large.");
        }
        catch (InvalidDataException unreadable) when (unreadable.InnerException is not null)
        {
            return Open311Errors.BadRequest(f, "The form could not be read: it holds characters that are not allowed, such as NUL.");
        }
        catch (Exception unreadable) when (unreadable is BadHttpRequestException or InvalidDataException or IOException)
        {
            return Open311Errors.BadRequest(f, "The form could not be read.");
        }

        if (Open311Endpoints.CheckJurisdiction(form["jurisdiction_id"], options.Value, f) is { } wrong)
        {
            return wrong;
        }

        var key = await keys.FindActiveAsync(Value(form, "api_key"), cancellationToken);
        if (key is null)
        {
            return Open311Errors.Error(f, StatusCodes.Status403Forbidden, "api_key: missing, unknown or revoked. Ask the city's CivicHub administrators for a key.");
        }

        var snapshot = await catalog.GetAsync(cancellationToken);

        // PostgreSQL cannot store NUL in text, and no honest report contains one; multipart values are not decoded, so NUL can reach here.
        var errors = form.Where(field => field.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
            .Select(field => $"{field.Key}: Must not contain NUL characters.")
            .ToList();
        var serviceCode = Value(form, "service_code");
        var service = Open311Endpoints.OfferedService(snapshot, serviceCode);
        if (serviceCode is null)
        {
            errors.Add("service_code: This field is required.");
        }
        else if (service is null)
        {
            errors.Add("service_code: No service offered here has that code; GET services for the list.");
        }

        var latitude = Coordinate(form, "lat", errors);
        var longitude = Coordinate(form, "long", errors);
        var address = Value(form, "address_string");
        var addressId = Value(form, "address_id");
        var hasLatitude = Value(form, "lat") is not null;
        if (hasLatitude != (Value(form, "long") is not null))
        {
            errors.Add("lat: Send lat and long together.");
        }
        else if (!hasLatitude && address is null && addressId is null)
        {
            errors.Add("lat: A location is required: lat and long, address_string or address_id.");
        }

        var description = Value(form, "description");
        if (description?.Length > MaxDescriptionLength)
        {
            errors.Add($"description: Must be at most {MaxDescriptionLength} characters.");
        }

        var firstName = Value(form, "first_name");
        var lastName = Value(form, "last_name");
        var accountId = Value(form, "account_id");
        Limit("first_name", firstName, MaxNameLength, errors);
        Limit("last_name", lastName, MaxNameLength, errors);
        Limit("account_id", accountId, MaxAccountIdLength, errors);

        var (identityKind, identity, identityField) = Reporter(form);
        if (identity is null)
        {
            errors.Add("email: Send email, phone or device_id, so that the reporter can be recognised and kept informed.");
        }

        var answers = Attributes(form, errors);
        if (errors.Count > 0)
        {
            return Open311Errors.BadRequest(f, errors);
        }

        var outcome = await intake.ReceiveAsync(
            new InboundContact(key.Channel, identityKind, identity!, description ?? service!.Name, time.GetUtcNow().UtcDateTime)
            {
                ServiceCode = service!.Code,
                NewRequest = true,
                Answers = answers,
                SenderGivenName = firstName,
                SenderFamilyName = lastName,
                Latitude = latitude,
                Longitude = longitude,
                LocationAddress = address,
                LocationAddressId = addressId,
                MediaUrl = Value(form, "media_url"),
            },
            cancellationToken);
        if (!outcome.Succeeded)
        {
            return Open311Errors.From(f, outcome.Problem!, field => FieldName(field, identityField));
        }

        var notice = ServiceRequests.NoticeFor(service, snapshot.DepartmentById(service.DepartmentId));
        return new Open311Response(Open311Documents.Created(outcome.Value!.CaseReference, notice, accountId), "service_requests", f);
    }

    /// <summary>The reporter's identity: email first (it reaches them), then phone, then the app's device id.</summary>
    private static (IdentityKind Kind, string? Value, string Field) Reporter(IFormCollection form) =>
        Value(form, "email") is { } email ? (IdentityKind.Email, email, "email")
        : Value(form, "phone") is { } phone ? (IdentityKind.Phone, phone, "phone")
        : (IdentityKind.Device, Value(form, "device_id"), "device_id");

    /// <summary>attribute[CODE]=value pairs; a field of CivicHub's forms takes one value, so attribute[CODE][] lists are refused.</summary>
    private static Dictionary<string, string> Attributes(IFormCollection form, List<string> errors)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in form)
        {
            var match = AttributeName().Match(name);
            if (!match.Success)
            {
                continue;
            }

            var code = match.Groups["code"].Value;
            if (values.Count != 1)
            {
                errors.Add($"attribute[{code}]: Takes exactly one value.");
                continue;
            }

            answers[code] = values.ToString();
        }

        return answers;
    }

    private static double? Coordinate(IFormCollection form, string name, List<string> errors)
    {
        if (Value(form, name) is not { } text)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        errors.Add($"{name}: Must be a decimal number in WGS84 degrees, such as 39.7817.");
        return null;
    }

    private static void Limit(string name, string? value, int max, List<string> errors)
    {
        if (value?.Length > max)
        {
            errors.Add($"{name}: Must be at most {max} characters.");
        }
    }

    private static string? Value(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && !StringValues.IsNullOrEmpty(values) && !string.IsNullOrWhiteSpace(values.ToString())
            ? values.ToString().Trim()
            : null;

    /// <summary>The intake pipeline's field names, as the Open311 client named them.</summary>
    private static string FieldName(string field, string identityField) => field switch
    {
        "body" => "description",
        "from" => identityField,
        "serviceCode" => "service_code",
        "latitude" => "lat",
        "longitude" => "long",
        "locationAddress" => "address_string",
        "locationAddressId" => "address_id",
        "mediaUrl" => "media_url",
        "senderGivenName" => "first_name",
        "senderFamilyName" => "last_name",
        "answers" => "attribute",
        _ when field.StartsWith("answers.", StringComparison.Ordinal) => $"attribute[{field["answers.".Length..]}]",
        _ => field,
    };

    [GeneratedRegex(@"^attribute\[(?<code>[^\]]+)\](?:\[\])?$")]
    private static partial Regex AttributeName();
}
