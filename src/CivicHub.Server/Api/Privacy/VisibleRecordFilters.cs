using CivicHub.Core.Privacy;
using CivicHub.Server.Api.Problems;

namespace CivicHub.Server.Api.Privacy;

/// <summary>
/// Route-group guards that answer 404 before a use case runs when the caller may not see the case or citizen a
/// route names, so that acting on a record tells no more than reading it would.
/// </summary>
public static class VisibleRecordFilters
{
    /// <summary>For routes with {reference}: the case must be one the caller may see.</summary>
    public static TBuilder RequireVisibleCase<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            if (context.HttpContext.GetRouteValue("reference") is string reference
                && await context.HttpContext.RequestServices.GetRequiredService<RecordAccess>().CaseAsync(reference, context.HttpContext.RequestAborted) is { Allowed: false })
            {
                return OutcomeHttp.Problem(StatusCodes.Status404NotFound, "Not found", "No case has that reference.");
            }

            return await next(context);
        });

    /// <summary>For routes with {id} of a citizen: the caller must be allowed the citizen's contact details.</summary>
    public static TBuilder RequireCitizenContactDetails<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            if (Guid.TryParse(context.HttpContext.GetRouteValue("id") as string, out var citizenId)
                && !(await context.HttpContext.RequestServices.GetRequiredService<RecordAccess>().CitizenAsync(citizenId, context.HttpContext.RequestAborted)).ContactDetails.Allowed)
            {
                return OutcomeHttp.Problem(StatusCodes.Status404NotFound, "Not found", "No citizen has that id.");
            }

            return await next(context);
        });
}
