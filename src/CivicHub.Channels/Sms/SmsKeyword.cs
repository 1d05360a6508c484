namespace CivicHub.Channels.Sms;

/// <summary>The carrier-standard keywords a whole text may be, which are answered at once instead of opening a case.</summary>
public enum SmsKeyword
{
    None,
    Stop,
    Start,
    Help,
}
