using System.Text.Json;

namespace PluginRuntime.Drivers.Pdk.Connection;

/// <summary>Receives what one connection to the panel delivers.</summary>
public interface IPanelListener
{
    /// <summary>A Socket.IO event: its name and its first argument (null when it had none).</summary>
    void OnEvent(string eventName, JsonElement? payload);

    /// <summary>A packet that could not be read at all (broken JSON); it was dropped and the connection goes on.</summary>
    void OnMalformed(string reason);

    /// <summary>The connection dropped (the panel closed it, the network failed, a malformed packet broke it).</summary>
    void OnDisconnected(string reason);
}
