using CivicHub.Channels.Email;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Tests.Channels.Email;

/// <summary>The hosted worker that polls the configured mailboxes, across hosts that stop and start on one database.</summary>
public abstract class MailboxWorkerTests(CivicHubHost host)
{
    /// <summary>Another host on the same database, polling the given mailboxes.</summary>
    private WebApplicationFactory<Program> HostPolling(params MailboxOptions[] mailboxes) => host.WithWebHostBuilder(builder =>
    {
        for (var i = 0; i < mailboxes.Length; i++)
        {
            var at = $"Channels:Email:Mailboxes:{i}:";
            builder.UseSetting(at + "Address", mailboxes[i].Address);
            builder.UseSetting(at + "Department", mailboxes[i].Department);
            builder.UseSetting(at + "Host", mailboxes[i].Host);
            builder.UseSetting(at + "Port", mailboxes[i].Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting(at + "Security", "None");
            builder.UseSetting(at + "UserName", mailboxes[i].UserName);
            builder.UseSetting(at + "Password", mailboxes[i].Password);
            builder.UseSetting(at + "PollInterval", "00:00:00.200");
        }
    });

    private async Task<string> CaseDepartmentOfAsync(string? messageId)
    {
        var interaction = await WaitForInteractionAsync(messageId);
        var reference = await host.InDbAsync(db => db.CaseReferenceOfAsync(interaction.CaseId));
        var staff = await host.StaffClientAsync();
        return (await staff.GetJsonAsync($"/api/v1/cases/{reference}")).GetProperty("department").GetProperty("code").GetString()!;
    }

    private async Task<Core.Interactions.Interaction> WaitForInteractionAsync(string? messageId)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var found = await host.InteractionsWithExternalIdAsync(messageId);
            if (found.Count > 0)
            {
                return Assert.Single(found);
            }

            Assert.True(DateTime.UtcNow < until, $"The worker did not record message {messageId} in time.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Two_mailboxes_polled_at_once_route_to_their_departments()
    {
        TestMailServer.Require();
        host.RequireDatabase();
        var tax = TestMailServer.Mailbox(TestMailServer.NewAddress("tax"), "TAX");
        var benefits = TestMailServer.Mailbox(TestMailServer.NewAddress("benefits"), "SOCIAL");
        var toTax = TestMailServer.Email($"{Guid.NewGuid():N}@citizen.example", tax.Address, "Bill", "My tax bill is wrong.");
        var toBenefits = TestMailServer.Email($"{Guid.NewGuid():N}@citizen.example", benefits.Address, "Heating", "I need help with heating.");
        await TestMailServer.AppendAsync(tax.Address, toTax);
        await TestMailServer.SendAsync(toBenefits);

        await using var polling = HostPolling(tax, benefits);
        _ = polling.Services;

        Assert.Equal("TAX", await CaseDepartmentOfAsync(toTax.MessageId));
        Assert.Equal("SOCIAL", await CaseDepartmentOfAsync(toBenefits.MessageId));
    }

    [Fact]
    public async Task A_restarted_host_carries_on_where_the_last_one_stopped()
    {
        TestMailServer.Require();
        host.RequireDatabase();
        var mailbox = TestMailServer.Mailbox(TestMailServer.NewAddress("help"));
        var citizen = $"{Guid.NewGuid():N}@citizen.example";
        var first = TestMailServer.Email(citizen, mailbox.Address, "Graffiti", "There is graffiti on the library.");
        var firstUid = await TestMailServer.AppendAsync(mailbox.Address, first);

        await using (var before = HostPolling(mailbox))
        {
            _ = before.Services;
            await WaitForInteractionAsync(first.MessageId);
            await WaitForCursorAsync(mailbox.CursorKey, firstUid.Id);
        }

        // Unflag the first message: if the next host read it again, it would flag it \Seen again.
        await UnseeAsync(mailbox.Address, firstUid);
        var second = TestMailServer.Email(citizen, mailbox.Address, "Re: Graffiti", "It is still there.");
        var secondUid = await TestMailServer.AppendAsync(mailbox.Address, second);

        await using (var after = HostPolling(mailbox))
        {
            _ = after.Services;
            await WaitForInteractionAsync(second.MessageId);
            await WaitForCursorAsync(mailbox.CursorKey, secondUid.Id);
        }

        Assert.Single(await host.InteractionsWithExternalIdAsync(first.MessageId));
        Assert.False((await TestMailServer.FlagsAsync(mailbox.Address, firstUid)).HasFlag(MessageFlags.Seen));
        Assert.True((await TestMailServer.FlagsAsync(mailbox.Address, secondUid)).HasFlag(MessageFlags.Seen));
    }

    /// <summary>The poller's place moves only after intake has committed: waiting on it means the message is fully done.</summary>
    private async Task WaitForCursorAsync(string key, uint uid)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (await host.InDbAsync(db => db.MailboxCursors.Where(c => c.Mailbox == key).Select(c => (long?)c.LastUid).SingleOrDefaultAsync()) != uid)
        {
            Assert.True(DateTime.UtcNow < until, $"The poller of {key} did not reach UID {uid} in time.");
            await Task.Delay(100);
        }
    }

    private static async Task UnseeAsync(string address, UniqueId uid)
    {
        using var client = new ImapClient();
        await client.ConnectAsync(TestMailServer.ImapHost, TestMailServer.ImapPort, SecureSocketOptions.None);
        await client.AuthenticateAsync(address, TestMailServer.Password);
        await client.Inbox.OpenAsync(FolderAccess.ReadWrite);
        await client.Inbox.RemoveFlagsAsync(uid, MessageFlags.Seen, silent: true);
        await client.DisconnectAsync(true);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MailboxWorkerOnSqlite(SqliteHost host) : MailboxWorkerTests(host);

[Collection(PostgresCollection.Name)]
public sealed class MailboxWorkerOnPostgres(PostgresHost host) : MailboxWorkerTests(host);
