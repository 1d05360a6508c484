using Microsoft.AspNetCore.Diagnostics;

namespace CivicHub.Server.Open311;

/// <summary>
/// A request the framework could not read on an Open311 path (a body over the size limit, a broken form) is answered
/// in Open311's error format, since Open311 clients parse no problem details. Token validation reads form bodies
/// before the endpoint runs, so this happens outside the endpoint.
/// </summary>
public sealed class Open311ExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest
            || !httpContext.Request.Path.StartsWithSegments(Open311Endpoints.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var format = httpContext.Request.Path.Value!.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? Open311Format.Xml : Open311Format.Json;
        var description = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? "The request body is too large."
            : "The request could not be read.";
        await Open311Errors.Error(format, badRequest.StatusCode, description).ExecuteAsync(httpContext);
        return true;
    }
}
