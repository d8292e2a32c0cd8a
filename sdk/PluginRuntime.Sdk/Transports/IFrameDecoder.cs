using System.Buffers;

namespace PluginRuntime.Sdk.Transports;

/// <summary>
/// Cuts a received byte stream into protocol frames. Stateless between calls except for what it keeps itself:
/// the transport passes the bytes not yet consumed each time.
/// </summary>
public interface IFrameDecoder
{
    /// <summary>
    /// Tries to take one complete frame from the front of <paramref name="buffer"/>. On success, advances
    /// <paramref name="buffer"/> past the frame (and its delimiter or header) and returns the frame's payload.
    /// </summary>
    bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame);
}
