namespace PluginRuntime.Mqtt.Tests.Support;

/// <summary>Collects events (messages, connects) so a test can await "the Nth one" with a bounded wait.</summary>
internal sealed class Signal<T>
{
    private readonly System.Threading.Channels.Channel<T> _items = System.Threading.Channels.Channel.CreateUnbounded<T>();

    public void Add(T item) => _items.Writer.TryWrite(item);

    public Task<T> NextAsync(string waitingFor, TimeSpan? timeout = null) =>
        Within.Await(_items.Reader.ReadAsync().AsTask(), waitingFor, timeout);
}
