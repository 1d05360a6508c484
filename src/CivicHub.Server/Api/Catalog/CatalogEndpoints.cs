using CivicHub.Core.Catalog;
using CivicHub.Server.Api.Problems;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicHub.Server.Api.Catalog;

/// <summary>The departments and the services they offer, with each service's form.</summary>
public static class CatalogEndpoints
{
    public sealed record DepartmentView(int Id, string Code, string Name, string? Description, string? Email, string? Phone);

    public sealed record ServiceView(
        string Code, string Name, string? Description, string? Topic, string DepartmentCode, IReadOnlyList<string> Keywords, int SlaHours, IReadOnlyList<FormField> Fields);

    public sealed record QueueView(int Id, int DepartmentId, string Name, bool IsDefault);

    public static void MapCatalogEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("").WithTags("Catalog").RequireAuthorization(CivicClaims.StaffOrIntegrationPolicy);
        group.MapGet("/departments", async (CatalogSnapshot catalog, CancellationToken cancellationToken) =>
            TypedResults.Ok((await catalog.GetAsync(cancellationToken)).Departments
                .Select(d => new DepartmentView(d.Id, d.Code, d.Name, d.Description, d.Email, d.Phone)).ToList()))
            .WithSummary("Departments");
        group.MapGet("/queues", async (CatalogSnapshot catalog, CancellationToken cancellationToken) =>
            TypedResults.Ok((await catalog.GetAsync(cancellationToken)).Queues
                .Select(q => new QueueView(q.Id, q.DepartmentId, q.Name, q.IsDefault)).ToList()))
            .WithSummary("Work queues");
        group.MapGet("/services", async (CatalogSnapshot catalog, CancellationToken cancellationToken) =>
        {
            var snapshot = await catalog.GetAsync(cancellationToken);
            return TypedResults.Ok(snapshot.Services.Where(s => s.Active).Select(s => View(s, snapshot)).ToList());
        }).WithSummary("Active services with their forms");
        group.MapGet("/services/{code}", GetServiceAsync).WithSummary("One service with its form");
    }

    private static async Task<Results<Ok<ServiceView>, ProblemHttpResult>> GetServiceAsync(string code, CatalogSnapshot catalog, CancellationToken cancellationToken)
    {
        var snapshot = await catalog.GetAsync(cancellationToken);
        return snapshot.ServiceByCode(code) is { } service
            ? TypedResults.Ok(View(service, snapshot))
            : OutcomeHttp.Problem(StatusCodes.Status404NotFound, "Not found", "No service has that code.");
    }

    private static ServiceView View(Service s, CatalogSnapshot.Catalog snapshot) =>
        new(s.Code, s.Name, s.Description, s.Topic, snapshot.DepartmentById(s.DepartmentId)?.Code ?? "", s.Keywords, s.SlaHours, s.Fields);
}
