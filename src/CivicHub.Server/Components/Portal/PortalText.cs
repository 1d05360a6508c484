namespace CivicHub.Server.Components.Portal;

/// <summary>The portal's words in every language: PortalText.resx (English) and PortalText.es.resx (Spanish).</summary>
public sealed class PortalText;
