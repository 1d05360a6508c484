using CivicHub.Channels.Email;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using CivicHub.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CivicHub.Server.Tests.Channels.Email;

/// <summary>The email sender against a real SMTP server, read back from the recipient's real mailbox.</summary>
public abstract class SmtpSendingTests(CivicHubHost host)
{
    private Task<SendResult> SendAsync(ChannelSend send) =>
        host.InScopeAsync(sp => sp.GetServices<IChannelSender>().Single(s => s.Channel == Channel.Email).SendAsync(send, CancellationToken.None));

    [Fact]
    public async Task A_sent_email_arrives_threaded_with_the_case_reference_and_both_parts()
    {
        TestMailServer.Require();
        host.RequireDatabase();
        var citizen = TestMailServer.NewAddress("citizen");
        var department = TestMailServer.NewAddress("tax");
        var id = Guid.CreateVersion7();
        var reference = Core.Cases.CaseReference.New();
        var send = new ChannelSend(id, citizen, "Your payment plan is approved.")
        {
            Subject = "Payment plan",
            HtmlBody = "<p>Your payment plan is <b>approved</b>.</p>",
            CaseReference = reference,
            InReplyTo = "question-2@citizen.example",
            References = ["question-1@citizen.example", "question-2@citizen.example"],
            From = department,
        };

        var sent = await SendAsync(send);

        Assert.Equal(SendOutcome.Sent, sent.Outcome);
        Assert.Equal($"{id:D}@{TestMailServer.Domain}", sent.ProviderMessageId);
        var (received, _) = await TestMailServer.WaitForAsync(citizen, m => m.MessageId == sent.ProviderMessageId);
        Assert.Equal($"[Ref {reference}] Payment plan", received.Subject);
        Assert.Equal("question-2@citizen.example", received.InReplyTo);
        Assert.Equal(["question-1@citizen.example", "question-2@citizen.example"], received.References.ToArray());
        Assert.Equal(department, received.From.Mailboxes.Single().Address);
        var alternative = Assert.IsType<MultipartAlternative>(received.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType).ToArray());
        Assert.Equal("Your payment plan is approved.", received.TextBody?.Trim());
        Assert.Contains("<b>approved</b>", received.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_smtp_server_means_retry_and_the_retry_is_the_same_message()
    {
        TestMailServer.Require();
        host.RequireDatabase();
        var citizen = TestMailServer.NewAddress("citizen");
        var send = new ChannelSend(Guid.CreateVersion7(), citizen, "Your permit is ready.") { Subject = "Permit" };
        var down = new SmtpEmailSender(
            Options.Create(new EmailOptions
            {
                Smtp = new SmtpOptions { Host = "127.0.0.1", Port = ClosedPort(), Security = MailKit.Security.SecureSocketOptions.None, FromAddress = $"city@{TestMailServer.Domain}", Timeout = TimeSpan.FromSeconds(5) },
            }),
            TimeProvider.System,
            NullLogger<SmtpEmailSender>.Instance);

        var failed = await down.SendAsync(send, CancellationToken.None);
        Assert.Equal(SendOutcome.Retry, failed.Outcome);
        Assert.False(string.IsNullOrEmpty(failed.Error));

        // The outbox tries again once the server is back: nothing was lost, and it is the same Message-ID.
        var retried = await SendAsync(send);
        Assert.Equal(SendOutcome.Sent, retried.Outcome);
        var (received, _) = await TestMailServer.WaitForAsync(citizen, m => m.Subject == "Permit");
        Assert.Equal($"{send.MessageId:D}@{TestMailServer.Domain}", received.MessageId);
    }

    [Fact]
    public async Task A_recipient_the_server_refuses_for_good_is_rejected()
    {
        TestMailServer.Require();
        host.RequireDatabase();

        // The test server relays for nobody: any outside domain is refused at RCPT TO with 554.
        var refused = await SendAsync(new ChannelSend(Guid.CreateVersion7(), "someone@elsewhere.example", "Hello"));

        Assert.Equal(SendOutcome.Rejected, refused.Outcome);
        Assert.StartsWith("5", refused.Error, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        // A port that was free a moment ago: nothing listens there.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SmtpSendingOnSqlite(SqliteHost host) : SmtpSendingTests(host);

[Collection(PostgresCollection.Name)]
public sealed class SmtpSendingOnPostgres(PostgresHost host) : SmtpSendingTests(host);
