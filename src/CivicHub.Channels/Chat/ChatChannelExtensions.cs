using System.Text.Json;
using System.Text.Json.Serialization;
using CivicHub.Core.Outreach;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CivicHub.Channels.Chat;

/// <summary>Plugs the web chat into the host: the two hubs, the widget, the chat sender for outreach.</summary>
public static class ChatChannelExtensions
{
    public static IServiceCollection AddChatChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ChatOptions>().Bind(configuration.GetSection(ChatOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChatOptions>, ChatOptionsValidator>();
        services.AddCors();
        services.AddSingleton<IStartupFilter, ChatOrigins>();
        services.AddScoped<ChatSessions>();
        services.AddScoped<ChatIntake>();
        services.AddScoped<ChatDesk>();
        services.AddScoped<ChatTranscripts>();
        services.AddSingleton<DeskChatRelay>();
        services.AddSingleton<IChannelSender, ChatSender>();

        services.AddSignalR(hubs => hubs.EnableDetailedErrors = false)
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(
                new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)))
            .AddHubOptions<ChatHub>(hub => hub.AddFilter<ChatHubFilter>())
            .AddHubOptions<DeskChatHub>(hub => hub.AddFilter<ChatHubFilter>());
        services.AddOptions<HubOptions<ChatHub>>().Configure<IOptions<ChatOptions>>((hub, chat) => hub.MaximumReceiveMessageSize = chat.Value.MaxReceiveMessageBytes);
        services.AddOptions<HubOptions<DeskChatHub>>().Configure<IOptions<ChatOptions>>((hub, chat) => hub.MaximumReceiveMessageSize = chat.Value.MaxReceiveMessageBytes);
        return services;
    }

    /// <summary>Maps /hubs/chat (anyone, from allowed origins), /hubs/desk-chat (the given staff policy) and /widget/chat.js.</summary>
    public static void MapChatChannel(this IEndpointRouteBuilder app, string staffPolicy)
    {
        app.MapHub<ChatHub>(ChatOrigins.HubPath).AllowAnonymous();
        app.MapHub<DeskChatHub>("/hubs/desk-chat").RequireAuthorization(staffPolicy);
        app.MapGet(ChatWidget.Path, ChatWidget.Serve).AllowAnonymous().ExcludeFromDescription();
    }
}
