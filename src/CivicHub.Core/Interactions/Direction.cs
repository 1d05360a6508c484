namespace CivicHub.Core.Interactions;

/// <summary>Who spoke: the citizen (inbound), the government (outbound), or staff among themselves (internal).</summary>
public enum Direction
{
    Inbound,
    Outbound,
    Internal,
}
