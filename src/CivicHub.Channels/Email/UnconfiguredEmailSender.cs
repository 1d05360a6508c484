using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CivicHub.Channels.Email;

/// <summary>
/// Stands in for SMTP when no server is configured: in Development it logs the message and reports it sent, so the
/// outbound flow can be tried without a mail server. Elsewhere email is unavailable (<see cref="Configured"/>):
/// outreach chooses another channel without trying it, and a message already queued for email is refused here and
/// falls back.
/// </summary>
public sealed partial class UnconfiguredEmailSender(
    IHostEnvironment environment, IOptions<EmailOptions> options, ILogger<UnconfiguredEmailSender> logger) : IChannelSender
{
    public Channel Channel => Channel.Email;

    public bool Configured => environment.IsDevelopment();

    public Task<SendResult> SendAsync(ChannelSend message, CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment())
        {
            return Task.FromResult(SendResult.Rejected("No SMTP server is configured (Channels:Email:Smtp:Host)."));
        }

        var domain = options.Value.Smtp.MessageIdDomain ?? "localhost";
        LogWouldSend(logger, message.MessageId, message.CaseReference);
        return Task.FromResult(SendResult.Sent(OutboundEmail.MessageIdFor(message.MessageId, domain)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No SMTP server configured: email {MessageId} about case {CaseRef} was only logged")]
    private static partial void LogWouldSend(ILogger logger, Guid messageId, string? caseRef);
}
