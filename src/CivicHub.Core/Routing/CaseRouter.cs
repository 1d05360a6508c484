using CivicHub.Core.Catalog;
using CivicHub.Core.Intake;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Routing;

/// <summary>Chooses the department queue a new case lands in: the service's department, else the endpoint's, else the default.</summary>
public sealed class CaseRouter(IOptions<RoutingOptions> options)
{
    public (int DepartmentId, int QueueId)? Route(CatalogSnapshot.Catalog catalog, Service? service, ChannelEndpoint? endpoint)
    {
        var departmentId = service?.DepartmentId
            ?? endpoint?.DepartmentId
            ?? catalog.DepartmentByCode(options.Value.DefaultDepartmentCode)?.Id
            ?? (catalog.Departments.Count > 0 ? catalog.Departments[0].Id : null);
        if (departmentId is not { } id || catalog.DefaultQueueOf(id) is not { } queue)
        {
            return null;
        }

        return (id, queue.Id);
    }
}
