namespace PluginRuntime.Sdk.Transports;

/// <summary>Thrown when a driver sends while its connection is down.</summary>
public sealed class TransportNotConnectedException(string message) : InvalidOperationException(message);
