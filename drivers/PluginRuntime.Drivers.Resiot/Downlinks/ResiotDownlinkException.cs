namespace PluginRuntime.Drivers.Resiot.Downlinks;

/// <summary>A downlink was refused by ResIOT (its details in the message), or its result never came.</summary>
public sealed class ResiotDownlinkException(string message) : Exception(message);
