namespace CivicHub.Channels.Chat;

/// <summary>The words of a transcript email, in English or Spanish.</summary>
internal sealed record TranscriptWords(string Subject, string Heading, string You, string Agent, string Footer)
{
    private static readonly TranscriptWords English = new(
        "Your chat with {0}",
        "Transcript of your chat with {0}",
        "You",
        "Agent",
        "You asked for this transcript in the chat. If you did not, you can ignore this email.");

    private static readonly TranscriptWords Spanish = new(
        "Su chat con {0}",
        "Transcripción de su chat con {0}",
        "Usted",
        "Agente",
        "Usted pidió esta transcripción en el chat. Si no fue usted, puede ignorar este correo.");

    public static TranscriptWords For(string language) => language == "es" ? Spanish : English;
}
