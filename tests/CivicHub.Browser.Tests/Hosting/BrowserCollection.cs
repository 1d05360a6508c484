namespace CivicHub.Browser.Tests.Hosting;

/// <summary>The browser tests, which share one host and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<PortalHost>
{
    public const string Name = "Browser";
}
