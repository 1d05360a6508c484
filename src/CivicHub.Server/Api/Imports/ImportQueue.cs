using System.Threading.Channels;

namespace CivicHub.Server.Api.Imports;

/// <summary>Imports accepted by the API and waiting for the worker; one runs at a time so imports never race each other.</summary>
public sealed class ImportQueue
{
    private readonly Channel<(Guid ImportId, string Csv)> _channel = Channel.CreateBounded<(Guid, string)>(new BoundedChannelOptions(64) { SingleReader = true });

    public bool TryEnqueue(Guid importId, string csv) => _channel.Writer.TryWrite((importId, csv));

    public IAsyncEnumerable<(Guid ImportId, string Csv)> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);
}
