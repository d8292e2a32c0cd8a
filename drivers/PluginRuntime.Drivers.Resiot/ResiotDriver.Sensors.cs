using PluginRuntime.Sdk.Capabilities;

namespace PluginRuntime.Drivers.Resiot;

public sealed partial class ResiotDriver
{
    /// <summary>Every decoded reading of every device, as <c>&lt;dev_eui&gt;/&lt;key&gt;</c> (e.g. <c>0732227a557d8679/temperature_1</c>).</summary>
    public IReadOnlyList<SensorReading> ListSensors()
    {
        lock (_gate)
        {
            return [.. _devices.Values
                .OrderBy(d => d.DevEui, StringComparer.Ordinal)
                .SelectMany(d => d.Readings.Select(r => new SensorReading($"{d.DevEui}/{r.Key}", r.Kind, r.Value, r.Unit, d.ReadingsTime ?? Time.GetUtcNow())))];
        }
    }
}
