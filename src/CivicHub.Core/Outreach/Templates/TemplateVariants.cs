using CivicHub.Core.Interactions;

namespace CivicHub.Core.Outreach.Templates;

/// <summary>The shapes a notification takes: short for SMS, subject and HTML for email, plain for chat and social, and a default.</summary>
public static class TemplateVariants
{
    public const string Default = "default";
    public const string Sms = "sms";
    public const string Email = "email";
    public const string Chat = "chat";

    public static IReadOnlyList<string> All { get; } = [Default, Sms, Email, Chat];

    public static string For(Channel channel) => channel switch
    {
        Channel.Sms => Sms,
        Channel.Email => Email,
        Channel.Chat or Channel.Social => Chat,
        _ => Default,
    };
}
