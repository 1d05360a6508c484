namespace CivicHub.Server.Hosting;

/// <summary>
/// The demo's sign-ins as the start printed them, so the portal's start page can show them too. Empty outside demo
/// mode. A password set in configuration is not repeated (null), as the console does not repeat it either.
/// </summary>
public sealed class DemoSignIns
{
    public DemoSignInList? Current { get; private set; }

    public void Set(DemoSignInList signIns) => Current = signIns;
}
