namespace CivicHub.Channels.Sms;

/// <summary>The SMS provider connection (Twilio or any provider speaking its webhook and REST formats): section Channels:Sms.</summary>
public sealed class SmsOptions
{
    public const string Section = "Channels:Sms";

    /// <summary>Takes webhooks and sends texts; when false the webhooks answer 404 and the secrets may be absent.</summary>
    public bool Enabled { get; set; }

    /// <summary>The account the webhooks belong to and the REST API is called as (Twilio's "AC..." SID).</summary>
    public string? AccountSid { get; set; }

    /// <summary>The secret that signs webhooks (X-Twilio-Signature) and authenticates REST calls.</summary>
    public string? AuthToken { get; set; }

    /// <summary>The provider's REST API base address; https://api.twilio.com when not set (Development: a logging sender instead).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The number texts are sent from when the message does not name one (E.164).</summary>
    public string? From { get; set; }

    /// <summary>
    /// The public address the provider calls (https://civichub.example.gov) when CivicHub sits behind a proxy: the
    /// signature is over the URL the provider used, which the host cannot see. Also where status callbacks go.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>How long one REST call may take before the send is retried later.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public string StopReply { get; set; } =
        "You are unsubscribed and will get no more texts from us. Reply START to subscribe again.";

    public string StartReply { get; set; } = "You are subscribed again. Reply HELP for help, STOP to unsubscribe.";

    public string HelpReply { get; set; } =
        "City services text line: text us your question or your case reference. Reply STOP to unsubscribe.";

    public static readonly Uri DefaultBaseUrl = new("https://api.twilio.com");
}
