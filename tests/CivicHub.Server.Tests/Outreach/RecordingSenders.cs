using System.Collections.Concurrent;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;

namespace CivicHub.Server.Tests.Outreach;

/// <summary>
/// The test host's channel providers: records every send, per channel, and can be told to answer Retry or Rejected,
/// or to throw, for one recipient or a whole channel, or to hold a recipient's sends.
/// </summary>
public sealed class RecordingSenders
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<SendResult>>> _next = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<SendResult>> _always = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _holds = new(StringComparer.Ordinal);

    public ConcurrentQueue<(Channel Channel, ChannelSend Send, SendOutcome? Outcome)> Sends { get; } = new();

    /// <summary>The next <paramref name="times"/> sends to the recipient (or "channel:sms") get this answer.</summary>
    public void FailNext(string recipient, Func<SendResult> answer, int times = 1)
    {
        var queue = _next.GetOrAdd(recipient, _ => new ConcurrentQueue<Func<SendResult>>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(answer);
        }
    }

    public void FailAlways(string recipient, Func<SendResult> answer) => _always[recipient] = answer;

    /// <summary>Sends to the recipient are started (see <see cref="Started"/>) but answered only once <paramref name="release"/> completes, as a slow provider would.</summary>
    public void HoldUntil(string recipient, Task release) => _holds[recipient] = release;

    /// <summary>Every send begun, answered or not yet, in the order they began.</summary>
    public ConcurrentQueue<ChannelSend> Started { get; } = new();

    public IReadOnlyList<(Channel Channel, ChannelSend Send, SendOutcome? Outcome)> To(string recipient) =>
        Sends.Where(s => s.Send.Recipient == recipient).ToList();

    public IChannelSender For(Channel channel) => new Sender(this, channel);

    private SendResult Answer(Channel channel, ChannelSend send)
    {
        var key = ChannelKey(channel);
        foreach (var who in new[] { send.Recipient, key })
        {
            if (_next.TryGetValue(who, out var queue) && queue.TryDequeue(out var answer))
            {
                return Record(channel, send, answer);
            }

            if (_always.TryGetValue(who, out var always))
            {
                return Record(channel, send, always);
            }
        }

        return Record(channel, send, () => SendResult.Sent($"{channel}-{send.MessageId:N}-{Guid.NewGuid():N}"));
    }

    private SendResult Record(Channel channel, ChannelSend send, Func<SendResult> answer)
    {
        try
        {
            var result = answer();
            Sends.Enqueue((channel, send, result.Outcome));
            return result;
        }
        catch (Exception)
        {
            Sends.Enqueue((channel, send, null));
            throw;
        }
    }

    public static string ChannelKey(Channel channel) => $"channel:{channel}";

    private sealed class Sender(RecordingSenders senders, Channel channel) : IChannelSender
    {
        public Channel Channel => channel;

        public async Task<SendResult> SendAsync(ChannelSend message, CancellationToken cancellationToken)
        {
            senders.Started.Enqueue(message);
            if (senders._holds.TryGetValue(message.Recipient, out var hold))
            {
                await hold.WaitAsync(cancellationToken);
            }

            return senders.Answer(channel, message);
        }
    }
}
