namespace CivicHub.Server.Components.Portal;

/// <summary>The portal's log messages; none carries personal data.</summary>
public static partial class PortalLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Development only: the email verification link of a new portal account is {Link}")]
    public static partial void VerificationLink(ILogger logger, string link);

    [LoggerMessage(Level = LogLevel.Information, Message = "A portal account verified its email")]
    public static partial void EmailVerified(ILogger logger);
}
