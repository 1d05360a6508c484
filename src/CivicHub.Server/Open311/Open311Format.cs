namespace CivicHub.Server.Open311;

/// <summary>The two response formats of Open311, chosen by the extension in the path (services.json, services.xml).</summary>
public enum Open311Format
{
    Json,
    Xml,
}
