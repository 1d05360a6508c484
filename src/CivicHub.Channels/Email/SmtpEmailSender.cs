using System.Net.Sockets;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CivicHub.Channels.Email;

/// <summary>
/// Sends email through the configured SMTP server. A server that cannot be reached, or answers 4xx, means try again
/// later; a permanent (5xx) refusal of the recipient or the message means this address will not work.
/// </summary>
public sealed partial class SmtpEmailSender(IOptions<EmailOptions> options, TimeProvider time, ILogger<SmtpEmailSender> logger) : IChannelSender
{
    public Channel Channel => Channel.Email;

    public async Task<SendResult> SendAsync(ChannelSend message, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        MimeMessage email;
        try
        {
            email = OutboundEmail.Compose(message, smtp, time.GetUtcNow());
        }
        catch (ParseException)
        {
            return SendResult.Rejected("The recipient is not an email address.");
        }

        try
        {
            using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
            await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.Security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
            }

            await client.SendAsync(email, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return SendResult.Sent(email.MessageId!);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500
            && ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted)
        {
            LogRefused(logger, (int)ex.StatusCode);
            return SendResult.Rejected($"{(int)ex.StatusCode} {ex.Message}");
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or IOException or SocketException
            or AuthenticationException or SslHandshakeException or ServiceNotConnectedException or TimeoutException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogFailed(logger, ex.GetType().Name);
            return SendResult.Retry(ex is SmtpCommandException command ? $"{(int)command.StatusCode} {command.Message}" : ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The SMTP server refused an email for good ({Status})")]
    private static partial void LogRefused(ILogger logger, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An email could not be handed to the SMTP server ({Failure}); it will be tried again")]
    private static partial void LogFailed(ILogger logger, string failure);
}
