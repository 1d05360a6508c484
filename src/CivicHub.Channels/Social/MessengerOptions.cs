namespace CivicHub.Channels.Social;

/// <summary>The Facebook Page connected through the Meta Messenger Platform: section Channels:Messenger.</summary>
public sealed class MessengerOptions
{
    public const string Section = "Channels:Messenger";

    /// <summary>Takes webhooks and sends replies; when false the webhook answers 404 and the secrets may be absent.</summary>
    public bool Enabled { get; set; }

    /// <summary>The Meta app's secret, which signs every webhook (X-Hub-Signature-256).</summary>
    public string? AppSecret { get; set; }

    /// <summary>The token you typed into the app's webhook settings; Meta echoes it in the verification handshake.</summary>
    public string? VerifyToken { get; set; }

    /// <summary>The Page access token the Send API is called with.</summary>
    public string? PageAccessToken { get; set; }

    /// <summary>The Graph API base address; https://graph.facebook.com when not set (Development: a logging sender instead).</summary>
    public Uri? BaseUrl { get; set; }

    public string GraphVersion { get; set; } = "v21.0";

    /// <summary>How long one Send API call may take before the send is retried later.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public static readonly Uri DefaultBaseUrl = new("https://graph.facebook.com");
}
