using Microsoft.Extensions.Options;
using MimeKit;

namespace CivicHub.Channels.Email;

/// <summary>Checks the email settings at start, naming the setting that is wrong.</summary>
public sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Mailboxes.Count; i++)
        {
            var mailbox = options.Mailboxes[i];
            var at = $"Channels:Email:Mailboxes:{i}";
            if (!IsAddress(mailbox.Address))
            {
                failures.Add($"{at}:Address must be an email address.");
            }

            if (string.IsNullOrWhiteSpace(mailbox.Host))
            {
                failures.Add($"{at}:Host is required.");
            }

            if (mailbox.Port is < 1 or > 65535)
            {
                failures.Add($"{at}:Port must be between 1 and 65535.");
            }

            if (string.IsNullOrWhiteSpace(mailbox.UserName) || string.IsNullOrEmpty(mailbox.Password))
            {
                failures.Add($"{at}:UserName and Password are required.");
            }

            if (string.IsNullOrWhiteSpace(mailbox.Folder))
            {
                failures.Add($"{at}:Folder is required.");
            }

            if (mailbox.PollInterval <= TimeSpan.Zero || mailbox.Timeout <= TimeSpan.Zero)
            {
                failures.Add($"{at}:PollInterval and Timeout must be positive.");
            }
        }

        var twice = options.Mailboxes.GroupBy(m => m.CursorKey).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (twice.Count > 0)
        {
            failures.Add($"Channels:Email:Mailboxes lists the same mailbox twice: {string.Join(", ", twice)}.");
        }

        var smtp = options.Smtp;
        if (!string.IsNullOrWhiteSpace(smtp.Host))
        {
            if (smtp.Port is < 1 or > 65535)
            {
                failures.Add("Channels:Email:Smtp:Port must be between 1 and 65535.");
            }

            if (!IsAddress(smtp.FromAddress))
            {
                failures.Add("Channels:Email:Smtp:FromAddress must be an email address.");
            }

            if (smtp.MessageIdDomain is { } domain && (domain.Length == 0 || domain.Any(c => char.IsWhiteSpace(c) || c is '<' or '>' or '@')))
            {
                failures.Add("Channels:Email:Smtp:MessageIdDomain must be a domain name.");
            }

            if (smtp.Timeout <= TimeSpan.Zero)
            {
                failures.Add("Channels:Email:Smtp:Timeout must be positive.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsAddress(string? value) =>
        !string.IsNullOrWhiteSpace(value) && MailboxAddress.TryParse(value, out var address) && address.Address.Contains('@', StringComparison.Ordinal);
}
