namespace CivicHub.Channels.Chat;

/// <summary>The web chat's settings (Channels:Chat), checked when the host starts.</summary>
public sealed class ChatOptions
{
    public const string Section = "Channels:Chat";

    /// <summary>
    /// The origins ("https://www.county.example") of the pages that may embed the widget. The host's own origin is
    /// always allowed; every other page is refused at the hub, for WebSockets as well as CORS.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>The chat endpoint whose department gets cases opened by chat (see ChannelEndpoint).</summary>
    public string EndpointAddress { get; set; } = "web-widget";

    /// <summary>Longest message a visitor or agent may send, in characters.</summary>
    public int MaxMessageLength { get; set; } = 2_000;

    /// <summary>Largest hub message the server reads, in bytes; a larger one closes the connection.</summary>
    public long MaxReceiveMessageBytes { get; set; } = 32 * 1024;

    /// <summary>Hub calls one visitor connection may make per minute (typing notices excepted).</summary>
    public int CallsPerMinute { get; set; } = 30;

    /// <summary>Transcripts one citizen may have emailed per day, so the chat cannot be used to send mail to strangers.</summary>
    public int TranscriptsPerDay { get; set; } = 3;

    /// <summary>How long a session lives after the visitor was last seen.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How many earlier messages a reconnecting visitor is shown.</summary>
    public int HistoryLength { get; set; } = 200;

    /// <summary>The name the widget and transcripts give the government ("City of Springfield").</summary>
    public string OrganisationName { get; set; } = "CivicHub";
}
