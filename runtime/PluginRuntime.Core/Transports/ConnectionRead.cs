namespace PluginRuntime.Core.Transports;

/// <summary>What one receive on a connection produced.</summary>
/// <param name="Count">Bytes written into the buffer.</param>
/// <param name="EndOfMessage">Whether these bytes end a message (always true for TCP, where every read counts as one).</param>
/// <param name="Closed">Whether the peer closed the connection; nothing more will arrive.</param>
internal readonly record struct ConnectionRead(int Count, bool EndOfMessage, bool Closed)
{
    public static ConnectionRead PeerClosed { get; } = new(0, true, true);
}
