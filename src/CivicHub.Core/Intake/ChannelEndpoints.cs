using CivicHub.Core.Catalog;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Intake;

/// <summary>Keeps the endpoints a channel's configuration names (a department's mailbox) in the catalog, routed to their department.</summary>
public sealed class ChannelEndpoints(CivicHubDb db, CatalogSnapshot catalog)
{
    /// <summary>Creates the endpoint or moves it to the department; not found when no department has the code.</summary>
    public async Task<Outcome<ChannelEndpoint>> EnsureAsync(
        Channel channel, string address, string name, string departmentCode, CancellationToken cancellationToken)
    {
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Code == departmentCode, cancellationToken);
        if (department is null)
        {
            return OutcomeProblem.NotFound($"No department has the code {departmentCode}.");
        }

        var normalized = address.Trim().ToLowerInvariant();
        var endpoint = await db.ChannelEndpoints.FirstOrDefaultAsync(e => e.Channel == channel && e.Address == normalized, cancellationToken);
        if (endpoint is null)
        {
            endpoint = new ChannelEndpoint { Channel = channel, Address = normalized, Name = name, DepartmentId = department.Id };
            db.ChannelEndpoints.Add(endpoint);
        }
        else if (endpoint.DepartmentId == department.Id)
        {
            return endpoint;
        }

        endpoint.DepartmentId = department.Id;
        await db.SaveChangesAsync(cancellationToken);
        catalog.Invalidate();
        return endpoint;
    }
}
