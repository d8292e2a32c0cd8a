using System.Text.Json;

namespace PluginRuntime.Drivers.Pdk.Connection;

/// <summary>Receives what one connection to the panel delivers.</summary>
public interface IPanelListener
{
    /// <summary>A Socket.IO event: its name and its first argument (null when it had none).</summary>
    void OnEvent(string eventName, JsonElement? payload);

    /// <summary>The connection dropped (the panel closed it, the network failed, a malformed packet broke it).</summary>
    void OnDisconnected(string reason);
}
