using System.Collections.Concurrent;
using CivicHub.Core.Data;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace CivicHub.Channels.Email;

/// <summary>
/// Reads one department mailbox over IMAP and hands each new message to intake, in UID order. Its place (UIDVALIDITY
/// and the highest UID done) is kept in the database and advanced only after the message's intake has committed,
/// so a crash re-reads at most the message in hand, and intake absorbs that repeat by its Message-ID. A new
/// UIDVALIDITY (the server rebuilt the folder) starts again from the first message, with the same protection.
/// Done messages are flagged \Seen for the people who also read the mailbox.
/// </summary>
public sealed partial class MailboxPoller(IServiceScopeFactory scopes, TimeProvider time, ILogger<MailboxPoller> logger)
{
    /// <summary>At most this many messages per poll, so one busy mailbox does not keep a poll open for long.</summary>
    public const int BatchSize = 100;

    private readonly ConcurrentDictionary<string, bool> _endpointsEnsured = new(StringComparer.Ordinal);

    /// <summary>Reads what arrived since the last poll; returns how many messages were handled.</summary>
    public async Task<int> PollOnceAsync(MailboxOptions mailbox, CancellationToken cancellationToken)
    {
        await EnsureEndpointAsync(mailbox, cancellationToken);

        using var client = new ImapClient { Timeout = (int)mailbox.Timeout.TotalMilliseconds };
        await client.ConnectAsync(mailbox.Host, mailbox.Port, mailbox.Security, cancellationToken);
        await client.AuthenticateAsync(mailbox.UserName, mailbox.Password, cancellationToken);
        var folder = mailbox.Folder.Equals("INBOX", StringComparison.OrdinalIgnoreCase)
            ? client.Inbox
            : await client.GetFolderAsync(mailbox.Folder, cancellationToken);
        await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);

        var lastUid = await StartingPointAsync(mailbox, folder.UidValidity, cancellationToken);
        var handled = 0;
        if (folder.Count > 0)
        {
            // "n:*" also matches the highest UID when it is below n, hence the filter.
            var uids = (await folder.SearchAsync(SearchQuery.Uids(new UniqueIdRange(new UniqueId(folder.UidValidity, (uint)lastUid + 1), UniqueId.MaxValue)), cancellationToken))
                .Where(u => u.Id > lastUid).OrderBy(u => u.Id).Take(BatchSize).ToList();
            foreach (var uid in uids)
            {
                var message = await folder.GetMessageAsync(uid, cancellationToken);
                await HandleAsync(mailbox, message, cancellationToken);
                await folder.AddFlagsAsync(uid, MessageFlags.Seen, silent: true, cancellationToken);
                await AdvanceAsync(mailbox.CursorKey, folder.UidValidity, uid.Id, cancellationToken);
                handled++;
            }
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
        return handled;
    }

    private async Task EnsureEndpointAsync(MailboxOptions mailbox, CancellationToken cancellationToken)
    {
        if (mailbox.Department is not { Length: > 0 } department || _endpointsEnsured.ContainsKey(mailbox.CursorKey))
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            using var scope = scopes.CreateScope();
            try
            {
                var ensured = await scope.ServiceProvider.GetRequiredService<ChannelEndpoints>()
                    .EnsureAsync(Channel.Email, mailbox.Address, $"{department} mailbox", department, cancellationToken);
                if (!ensured.Succeeded)
                {
                    throw new InvalidOperationException($"Mailbox {mailbox.CursorKey}: {ensured.Problem!.Detail}");
                }

                break;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another host created the endpoint at the same moment; the next attempt finds it.
            }
        }

        _endpointsEnsured[mailbox.CursorKey] = true;
    }

    private async Task<long> StartingPointAsync(MailboxOptions mailbox, uint uidValidity, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CivicHubDb>();
        var cursor = await db.MailboxCursors.AsNoTracking().FirstOrDefaultAsync(c => c.Mailbox == mailbox.CursorKey, cancellationToken);
        if (cursor is null)
        {
            return 0;
        }

        if (cursor.UidValidity != uidValidity)
        {
            LogUidValidityChanged(logger, mailbox.CursorKey);
            return 0;
        }

        return cursor.LastUid;
    }

    private async Task HandleAsync(MailboxOptions mailbox, MimeMessage message, CancellationToken cancellationToken)
    {
        var reading = EmailReader.Read(message, mailbox.Address.Trim(), time.GetUtcNow().UtcDateTime);
        if (reading is null)
        {
            LogNoSender(logger, mailbox.CursorKey);
            return;
        }

        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        switch (reading.Kind)
        {
            case EmailKind.Bounce:
                if (reading.DeliveryFailed && reading.BouncedMessageId is { } bounced)
                {
                    var known = await services.GetRequiredService<DeliveryReceipts>()
                        .RecordAsync(Channel.Email, bounced, OutboundStatus.Failed, reading.Diagnostic ?? "bounced", cancellationToken);
                    LogBounce(logger, mailbox.CursorKey, known);
                }

                break;
            case EmailKind.Automated:
                var note = await services.GetRequiredService<IntakePipeline>().RecordAutomatedAsync(reading.Contact, cancellationToken);
                LogAutomated(logger, mailbox.CursorKey, note is not null);
                break;
            default:
                var received = await services.GetRequiredService<IntakePipeline>().ReceiveAsync(reading.Contact, cancellationToken);
                if (!received.Succeeded)
                {
                    // Such a message can never pass (say, an invalid sender address): it is passed over and stays in the mailbox for a person.
                    // Only the field names: a problem's detail may quote what the sender wrote (an address, a name).
                    LogRefused(logger, mailbox.CursorKey, string.Join(", ", received.Problem!.Errors?.Keys ?? []));
                }

                break;
        }
    }

    private async Task AdvanceAsync(string key, uint uidValidity, uint uid, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CivicHubDb>();
        var now = time.GetUtcNow().UtcDateTime;
        var cursor = await db.MailboxCursors.FirstOrDefaultAsync(c => c.Mailbox == key, cancellationToken);
        if (cursor is null)
        {
            db.MailboxCursors.Add(new MailboxCursor { Mailbox = key, UidValidity = uidValidity, LastUid = uid, UpdatedAt = now });
        }
        else if (cursor.UidValidity != uidValidity || cursor.LastUid < uid)
        {
            cursor.UidValidity = uidValidity;
            cursor.LastUid = uid;
            cursor.UpdatedAt = now;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another host polling the same mailbox wrote the cursor first; it is at least as far along.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mailbox {Mailbox} has a new UIDVALIDITY; reading it again from the start (repeats are recognised by Message-ID)")]
    private static partial void LogUidValidityChanged(ILogger logger, string mailbox);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message in mailbox {Mailbox} names no sender; it was left for a person")]
    private static partial void LogNoSender(ILogger logger, string mailbox);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bounce in mailbox {Mailbox}; it matched one of our messages: {Matched}")]
    private static partial void LogBounce(ILogger logger, string mailbox, bool matched);

    [LoggerMessage(Level = LogLevel.Information, Message = "Automatic reply in mailbox {Mailbox}; kept as a note: {Kept}")]
    private static partial void LogAutomated(ILogger logger, string mailbox, bool kept);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Intake refused a message in mailbox {Mailbox} (fields: {Fields})")]
    private static partial void LogRefused(ILogger logger, string mailbox, string fields);
}
