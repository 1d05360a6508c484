namespace CivicHub.Server.Components.Portal.Federation;

/// <summary>The state login's log messages; none carries personal data or a provider's identifier of the person.</summary>
public static partial class FederationLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "A state login signed a citizen in ({Step})")]
    public static partial void SignedIn(ILogger logger, string step);

    [LoggerMessage(Level = LogLevel.Information, Message = "A state login was linked to a portal account after its password was entered")]
    public static partial void LinkedWithPassword(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "A state login was unlinked from a portal account")]
    public static partial void Unlinked(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "A citizen cancelled a state login at the provider")]
    public static partial void Cancelled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A state login was refused: {Failure}")]
    public static partial void Refused(ILogger logger, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "A state login led nowhere: {Kind}")]
    public static partial void NotSignedIn(ILogger logger, string kind);
}
