using CivicHub.Core.Outreach;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CivicHub.Channels.Email;

/// <summary>Plugs the email channel into the host: mailbox polling in, SMTP out.</summary>
public static class EmailChannelExtensions
{
    public const string Section = "Channels:Email";

    public static IServiceCollection AddEmailChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();
        services.AddSingleton<MailboxPoller>();
        services.AddHostedService<MailboxWorker>();
        services.AddSingleton<SmtpEmailSender>();
        services.AddSingleton<UnconfiguredEmailSender>();
        // Decided when first asked, from the validated settings, so a test host's settings count too.
        services.AddSingleton<IChannelSender>(sp => string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<EmailOptions>>().Value.Smtp.Host)
            ? sp.GetRequiredService<UnconfiguredEmailSender>()
            : sp.GetRequiredService<SmtpEmailSender>());
        return services;
    }
}
