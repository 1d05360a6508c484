using CivicHub.Core.Catalog;
using CivicHub.Server.Api.Problems;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicHub.Server.Api.Catalog;

/// <summary>The departments and the services they offer, with each service's form.</summary>
public static class CatalogEndpoints
{
    public sealed record DepartmentView(
        int Id, string Code, string Name, string? Description, string? Email, string? Phone, IReadOnlyList<DepartmentTranslation> Translations);

    /// <summary>The default texts, and the other languages' in translations (each field carries its own).</summary>
    public sealed record ServiceView(
        string Code, string Name, string? Description, string? Topic, string DepartmentCode, IReadOnlyList<string> Keywords, int SlaHours, IReadOnlyList<FormField> Fields,
        IReadOnlyList<ServiceTranslation> Translations);

    public sealed record QueueView(int Id, int DepartmentId, string Name, bool IsDefault);

    public static void MapCatalogEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("").WithTags("Catalog").RequireAuthorization(CivicClaims.StaffOrIntegrationPolicy);
        group.MapGet("/departments", async (CatalogSnapshot catalog, CancellationToken cancellationToken) =>
            TypedResults.Ok((await catalog.GetAsync(cancellationToken)).Departments
                .Select(d => new DepartmentView(d.Id, d.Code, d.Name, d.Description, d.Email, d.Phone, d.Translations)).ToList()))
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
        group.MapPut("/services/{code}/translations/{language}", TranslateServiceAsync)
            .WithSummary("Write a service's texts and its form's in one more language (administrators)")
            .WithDescription("Replaces that language's name, description, topic, keywords and, under fields by field key, each field's label, help and choices (one per choice of the field, in its order). An empty text shows in the default language. The languages are those of the Catalog:Languages setting.");
        group.MapPut("/departments/{code}/translations/{language}", TranslateDepartmentAsync)
            .WithSummary("Write a department's name and description in one more language (administrators)");
    }

    private static async Task<Results<Ok<ServiceView>, ProblemHttpResult>> TranslateServiceAsync(
        string code, string language, CatalogAdministration.ServiceTranslationInput input, HttpContext http, CatalogAdministration administration, CatalogSnapshot catalog,
        CancellationToken cancellationToken)
    {
        var saved = await administration.TranslateServiceAsync(code, language, input, http.User.ToActor(), cancellationToken);
        return saved.Succeeded ? TypedResults.Ok(View(saved.Value!, await catalog.GetAsync(cancellationToken))) : saved.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<DepartmentView>, ProblemHttpResult>> TranslateDepartmentAsync(
        string code, string language, CatalogAdministration.DepartmentTranslationInput input, HttpContext http, CatalogAdministration administration,
        CancellationToken cancellationToken)
    {
        var saved = await administration.TranslateDepartmentAsync(code, language, input, http.User.ToActor(), cancellationToken);
        return saved.Succeeded
            ? TypedResults.Ok(new DepartmentView(saved.Value!.Id, saved.Value.Code, saved.Value.Name, saved.Value.Description, saved.Value.Email, saved.Value.Phone, saved.Value.Translations))
            : saved.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<ServiceView>, ProblemHttpResult>> GetServiceAsync(string code, CatalogSnapshot catalog, CancellationToken cancellationToken)
    {
        var snapshot = await catalog.GetAsync(cancellationToken);
        return snapshot.ServiceByCode(code) is { } service
            ? TypedResults.Ok(View(service, snapshot))
            : OutcomeHttp.Problem(StatusCodes.Status404NotFound, "Not found", "No service has that code.");
    }

    private static ServiceView View(Service s, CatalogSnapshot.Catalog snapshot) =>
        new(s.Code, s.Name, s.Description, s.Topic, snapshot.DepartmentById(s.DepartmentId)?.Code ?? "", s.Keywords, s.SlaHours, s.Fields, s.Translations);
}
