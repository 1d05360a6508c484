namespace CivicHub.Channels.Sms;

/// <summary>Recognises Twilio's standard opt-out, opt-in and help keywords: the whole message, any case, spaces ignored.</summary>
public static class SmsKeywords
{
    private static readonly HashSet<string> Stop = new(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> Start = new(["START", "YES", "UNSTOP"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> Help = new(["HELP", "INFO"], StringComparer.OrdinalIgnoreCase);

    public static SmsKeyword Of(string? body)
    {
        var word = body?.Trim();
        if (string.IsNullOrEmpty(word))
        {
            return SmsKeyword.None;
        }

        return Stop.Contains(word) ? SmsKeyword.Stop
            : Start.Contains(word) ? SmsKeyword.Start
            : Help.Contains(word) ? SmsKeyword.Help
            : SmsKeyword.None;
    }
}
