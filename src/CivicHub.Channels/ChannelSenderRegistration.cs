using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CivicHub.Channels;

/// <summary>How a provider-backed channel offers its sender to outreach.</summary>
internal static class ChannelSenderRegistration
{
    /// <summary>
    /// Registers the channel's sender; in Development, while no provider address is configured, a logging stand-in
    /// takes its place so the product can be tried without a provider account.
    /// </summary>
    public static IServiceCollection AddProviderSender<TSender>(
        this IServiceCollection services, Channel channel, Func<IServiceProvider, Uri?> providerBaseUrl)
        where TSender : class, IChannelSender
    {
        services.AddScoped<TSender>();
        services.AddScoped<IChannelSender>(sp =>
            providerBaseUrl(sp) is null && sp.GetRequiredService<IHostEnvironment>().IsDevelopment()
                ? new LoggingChannelSender(channel, sp.GetRequiredService<ILogger<LoggingChannelSender>>())
                : sp.GetRequiredService<TSender>());
        return services;
    }
}
