using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CivicHub.Server.Components.Desk;

/// <summary>
/// Fills <see cref="DeskConnection"/> from the request that carries the circuit (after the forwarded-headers
/// middleware, so a trusted proxy's client address). The accessor is read only here, at the circuit's start and
/// reconnections, where ASP.NET Core's guidance allows it; components read the captured values.
/// </summary>
public sealed class DeskConnectionHandler(IHttpContextAccessor http, DeskConnection connection) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Capture();
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Capture();
        return Task.CompletedTask;
    }

    private void Capture()
    {
        if (http.HttpContext is { } context)
        {
            connection.RemoteAddress = context.Connection.RemoteIpAddress;
            connection.UserAgent = context.Request.Headers.UserAgent;
        }
    }
}
