namespace CivicHub.Core.Accounts;

/// <summary>
/// The emails an account is sent, in its citizen's language (English when the portal does not speak theirs). Their
/// links are secrets: once an email is sent, the timeline keeps only that it was sent (see <see cref="Redacted"/>).
/// </summary>
public static class AccountEmails
{
    public const string VerifyTemplate = "account.verify_email";
    public const string ResetTemplate = "account.password_reset";

    public static (string Subject, string Body) Verify(string language, string link) => Spanish(language)
        ? ("Confirme su correo electrónico", $"Confirme el correo electrónico de su cuenta de CivicHub con este enlace (válido por 2 días): {link}")
        : ("Confirm your email address", $"Confirm the email address of your CivicHub account with this link (valid for 2 days): {link}");

    public static (string Subject, string Body) Reset(string language, string link) => Spanish(language)
        ? ("Cambie su contraseña", $"Alguien pidió cambiar la contraseña de su cuenta de CivicHub. Elija una nueva con este enlace (válido por 1 hora y una sola vez): {link}\n\nSi no fue usted, no haga nada: su contraseña sigue siendo la misma.")
        : ("Reset your password", $"Someone asked to reset the password of your CivicHub account. Choose a new one with this link (valid for 1 hour, once): {link}\n\nIf it was not you, do nothing: your password stays as it is.");

    /// <summary>What the timeline and the sent message keep of an account email: that it was sent, never its link.</summary>
    public static string? Redacted(string? templateKey) => templateKey switch
    {
        VerifyTemplate => "Email address confirmation link sent (the link is not kept).",
        ResetTemplate => "Password reset link sent (the link is not kept).",
        _ => null,
    };

    private static bool Spanish(string language) => language.StartsWith("es", StringComparison.Ordinal);
}
