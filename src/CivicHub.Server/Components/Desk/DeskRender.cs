using Microsoft.AspNetCore.Components.Web;

namespace CivicHub.Server.Components.Desk;

/// <summary>
/// The desk's and administration's pages run interactively on the server, without prerendering: they are behind a
/// sign-in, so nothing is gained by a first static paint, and a control never shows before it can be used.
/// </summary>
public static class DeskRender
{
    public static InteractiveServerRenderMode Interactive { get; } = new(prerender: false);
}
