using System.Text.Json;
using System.Threading.Channels;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.State;
using PluginRuntime.Sdk.Hosting;

namespace PluginRuntime.Core.Systems;

/// <summary>
/// A driver's subscription to <c>Name_index.key</c> in its system. It follows the address (see
/// <see cref="AddressObservation"/>), and delivers changes in order from one loop, never inline from the writer,
/// because the callback is driver code that may be slow.
/// </summary>
internal sealed class AddressSubscription : IDisposable
{
    private readonly IModuleRegistry _registry;
    private readonly Channel<byte[]?> _changes = Channel.CreateUnbounded<byte[]?>(new UnboundedChannelOptions { SingleReader = true });
    private readonly AddressObservation _observation;
    private readonly CancellationTokenRegistration _stopRegistration;
    private int _disposed;

    public AddressSubscription(IModuleRegistry registry, StateStore state, string systemId, ModuleAddress address, string key,
        Func<JsonElement?, Task> deliver, CancellationToken stopping)
    {
        _registry = registry;
        _observation = new AddressObservation(registry, state, systemId, address, key, json => _changes.Writer.TryWrite(json));
        registry.Changed += _observation.Refresh;
        _observation.Refresh();
        _ = PumpAsync(deliver);
        _stopRegistration = stopping.Register(Dispose);
    }

    private async Task PumpAsync(Func<JsonElement?, Task> deliver)
    {
        await foreach (var json in _changes.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            JsonElement? value = null;
            if (json is not null)
            {
                using var document = JsonDocument.Parse(json);
                value = document.RootElement.Clone();
            }
            await deliver(value).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _registry.Changed -= _observation.Refresh;
        _observation.Dispose();
        _changes.Writer.TryComplete();
        _stopRegistration.Dispose();
    }
}
