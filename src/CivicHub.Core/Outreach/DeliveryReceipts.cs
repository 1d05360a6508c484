using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Outreach;

/// <summary>Records what a provider later reports about a message it took: delivered, or undeliverable after all.</summary>
public sealed class DeliveryReceipts(CivicHubDb db, TimeProvider time)
{
    /// <summary>Applies one receipt; false when no message on the channel has that provider id.</summary>
    public async Task<bool> RecordAsync(
        Channel channel, string providerMessageId, OutboundStatus status, string? error, CancellationToken cancellationToken)
    {
        if (status is not (OutboundStatus.Sent or OutboundStatus.Delivered or OutboundStatus.Failed))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A receipt says sent, delivered or failed.");
        }

        var message = await db.OutboundMessages
            .SingleOrDefaultAsync(m => m.Channel == channel && m.ProviderMessageId == providerMessageId, cancellationToken);
        if (message is null)
        {
            return false;
        }

        // Receipts can arrive out of order: a late "sent" never undoes "delivered" or "failed".
        if (status == OutboundStatus.Sent && message.Status is OutboundStatus.Delivered or OutboundStatus.Failed)
        {
            return true;
        }

        message.Status = status;
        message.LastError = error is null ? message.LastError : error[..Math.Min(error.Length, 1_000)];
        if (status == OutboundStatus.Delivered)
        {
            message.DeliveredAt ??= time.GetUtcNow().UtcDateTime;
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
