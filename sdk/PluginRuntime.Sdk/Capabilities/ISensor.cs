namespace PluginRuntime.Sdk.Capabilities;

/// <summary>A driver that exposes sensor readings (LoRa devices, room sensors, thermostats…).</summary>
public interface ISensor
{
    /// <summary>The sensors this module knows of, with their latest readings.</summary>
    IReadOnlyList<SensorReading> ListSensors();
}
