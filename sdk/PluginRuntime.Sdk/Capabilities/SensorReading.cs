namespace PluginRuntime.Sdk.Capabilities;

/// <summary>One sensor's latest reading.</summary>
/// <param name="Id">Unique within the module, e.g. a device EUI plus channel.</param>
/// <param name="Kind">What is measured: temperature, humidity, occupancy, …</param>
/// <param name="Value">The reading.</param>
/// <param name="Unit">The unit, e.g. "°C", or null when unitless.</param>
/// <param name="Time">When it was read.</param>
public sealed record SensorReading(string Id, string Kind, double Value, string? Unit, DateTimeOffset Time);
