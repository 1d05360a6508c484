using System.Data.Common;
using CivicHub.Channels.Email;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace CivicHub.Server.Tests.Channels.Email;

/// <summary>
/// The real mail servers the email tests talk to (Dovecot for IMAP, Postfix for SMTP, as .ci/mail/start.sh starts
/// them), named by CIVICHUB_TEST_MAIL ("ImapHost=...;ImapPort=...;SmtpHost=...;SmtpPort=...;Domain=...;Password=...").
/// Every address in the domain is a mailbox with the one password, so each test uses addresses of its own.
/// </summary>
public static class TestMailServer
{
    public const string Variable = "CIVICHUB_TEST_MAIL";

    private static readonly DbConnectionStringBuilder? Settings = Parse(Environment.GetEnvironmentVariable(Variable));

    public static bool Available => Settings is not null;

    public static string ImapHost => Get("ImapHost");

    public static int ImapPort => int.Parse(Get("ImapPort"), System.Globalization.CultureInfo.InvariantCulture);

    public static string SmtpHost => Get("SmtpHost");

    public static int SmtpPort => int.Parse(Get("SmtpPort"), System.Globalization.CultureInfo.InvariantCulture);

    public static string Domain => Get("Domain");

    public static string Password => Get("Password");

    /// <summary>A domain the SMTP server accepts mail for and then bounces with a delivery-status report.</summary>
    public static string BouncingDomain => $"nowhere.{Domain}";

    /// <summary>Skips the calling test when no mail server is configured here.</summary>
    public static void Require() =>
        Assert.SkipUnless(Available, $"The email tests need {Variable} (run .ci/run, or .ci/mail/start.sh and export what it prints).");

    public static string NewAddress(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 13)] + $"@{Domain}";

    public static MailboxOptions Mailbox(string address, string? department = null) => new()
    {
        Address = address,
        Department = department,
        Host = ImapHost,
        Port = ImapPort,
        Security = SecureSocketOptions.None,
        UserName = address,
        Password = Password,
        PollInterval = TimeSpan.FromMilliseconds(200),
        Timeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Puts a message straight into a mailbox's inbox, as if it had been delivered there.</summary>
    public static async Task<UniqueId> AppendAsync(string address, MimeMessage message)
    {
        using var client = await ConnectAsync(address);
        var uid = await client.Inbox.AppendAsync(new AppendRequest(message));
        await client.DisconnectAsync(true);
        return uid ?? throw new InvalidOperationException("The server did not say which UID it gave the message.");
    }

    /// <summary>Delivers a message through the SMTP server.</summary>
    public static async Task SendAsync(MimeMessage message)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync(SmtpHost, SmtpPort, SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);
    }

    /// <summary>Waits until the mailbox holds a message that matches, and returns it with its flags.</summary>
    public static async Task<(MimeMessage Message, MessageFlags Flags)> WaitForAsync(string address, Func<MimeMessage, bool> match, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            using (var client = await ConnectAsync(address))
            {
                await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
                foreach (var uid in await client.Inbox.SearchAsync(SearchQuery.All))
                {
                    var message = await client.Inbox.GetMessageAsync(uid);
                    if (match(message))
                    {
                        var summary = (await client.Inbox.FetchAsync([uid], MessageSummaryItems.Flags)).Single();
                        return (message, summary.Flags ?? MessageFlags.None);
                    }
                }
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"No matching message reached {address}.");
            }

            await Task.Delay(100);
        }
    }

    public static async Task<MessageFlags> FlagsAsync(string address, UniqueId uid)
    {
        using var client = await ConnectAsync(address);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var summary = (await client.Inbox.FetchAsync([uid], MessageSummaryItems.Flags)).Single();
        return summary.Flags ?? MessageFlags.None;
    }

    /// <summary>A citizen's email to a department mailbox.</summary>
    public static MimeMessage Email(string from, string to, string subject, string text, string? fromName = null)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(fromName, from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("citizen.example");
        message.Date = DateTimeOffset.UtcNow;
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    private static async Task<ImapClient> ConnectAsync(string address)
    {
        var client = new ImapClient();
        await client.ConnectAsync(ImapHost, ImapPort, SecureSocketOptions.None);
        await client.AuthenticateAsync(address, Password);
        return client;
    }

    private static string Get(string key) =>
        Settings is not null && Settings.TryGetValue(key, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)! : throw new InvalidOperationException($"{Variable} has no {key}.");

    private static DbConnectionStringBuilder? Parse(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : new DbConnectionStringBuilder { ConnectionString = value };
}
