using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Channels.Sms;

/// <summary>
/// Remembers that a number said STOP (or that the provider reports it unsubscribed) and that it said START again.
/// An unknown number gets its identity, on a provisional citizen, so the opt-out is remembered before we ever know who it is.
/// </summary>
public sealed class SmsOptOuts(CivicHubDb db, TimeProvider time)
{
    /// <summary>Stops all texts to the number (given in E.164) until it says START.</summary>
    public Task OptOutAsync(string phone, CancellationToken cancellationToken) => SetAsync(phone, optedOut: true, cancellationToken);

    public Task OptInAsync(string phone, CancellationToken cancellationToken) => SetAsync(phone, optedOut: false, cancellationToken);

    public Task<bool> IsOptedOutAsync(string phone, CancellationToken cancellationToken) =>
        db.ChannelIdentities.AnyAsync(i => i.Kind == IdentityKind.Phone && i.Value == phone && i.OptedOutAt != null, cancellationToken);

    private async Task SetAsync(string phone, bool optedOut, CancellationToken cancellationToken)
    {
        // Two keywords from one new number can race to create its identity; the loser finds it on the second try.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SetOnceAsync(phone, optedOut, cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task SetOnceAsync(string phone, bool optedOut, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var identity = await db.ChannelIdentities.FirstOrDefaultAsync(i => i.Kind == IdentityKind.Phone && i.Value == phone, cancellationToken);
        if (identity is null)
        {
            if (!optedOut)
            {
                return;
            }

            var citizen = new Citizen { Id = Guid.CreateVersion7(), IsProvisional = true, CreatedAt = now, UpdatedAt = now };
            identity = new ChannelIdentity { Id = Guid.CreateVersion7(), CitizenId = citizen.Id, Kind = IdentityKind.Phone, Value = phone, Display = phone, CreatedAt = now };
            citizen.Identities.Add(identity);
            db.Citizens.Add(citizen);
            db.Record("citizen.created", citizen.Id, now, new { Provisional = true, Channel = "sms" });
        }

        if (optedOut == (identity.OptedOutAt is not null))
        {
            return;
        }

        identity.OptedOutAt = optedOut ? now : null;
        await db.SaveChangesAsync(cancellationToken);
    }
}
