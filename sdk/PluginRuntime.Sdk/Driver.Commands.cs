using System.Text;
using PluginRuntime.Sdk.Commands;

namespace PluginRuntime.Sdk;

public abstract partial class Driver
{
    private CommandQueue? _commands;

    /// <summary>
    /// This module's command queue over <see cref="Transport"/>: priorities, named de-duplication, timeouts and
    /// retries. Resolve the command in flight from <see cref="OnReceivedAsync"/> with
    /// <see cref="CommandQueue.Complete"/>, <see cref="CommandQueue.Fail"/> or <see cref="CommandQueue.Retry"/>.
    /// </summary>
    // Created once even when an exec and a timer touch it first at the same moment: two queues would mean a reply
    // completing the wrong one.
    protected CommandQueue Commands => LazyInitializer.EnsureInitialized(ref _commands,
        () => new CommandQueue((data, ct) => Transport.SendAsync(data, ct), Time, Stopping));

    /// <summary>Sends text (encoded as UTF-8) on <see cref="Transport"/> straight away, bypassing the command queue.</summary>
    protected ValueTask SendAsync(string text, CancellationToken cancellationToken = default) =>
        Transport.SendAsync(Encoding.UTF8.GetBytes(text), cancellationToken);

    /// <summary>Sends bytes on <see cref="Transport"/> straight away, bypassing the command queue.</summary>
    protected ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        Transport.SendAsync(data, cancellationToken);

    /// <summary>Queues text (encoded as UTF-8) on <see cref="Commands"/>; see <see cref="CommandQueue.SendAsync"/>.</summary>
    protected Task<object?> SendCommandAsync(string text, CommandOptions? options = null) =>
        Commands.SendAsync(Encoding.UTF8.GetBytes(text), options);
}
