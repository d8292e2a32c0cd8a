namespace PluginRuntime.Sdk.Transports;

/// <summary>
/// A frame decoder that remembers something between calls (for example that it is discarding an oversized frame).
/// The transport calls <see cref="Reset"/> whenever a new connection starts, so nothing from the old byte stream
/// carries over into the new one.
/// </summary>
public interface IResettableFrameDecoder : IFrameDecoder
{
    /// <summary>Forgets any state kept from earlier calls, as if the decoder were new.</summary>
    void Reset();
}
