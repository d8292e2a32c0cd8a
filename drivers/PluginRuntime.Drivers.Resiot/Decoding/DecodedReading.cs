namespace PluginRuntime.Drivers.Resiot.Decoding;

/// <summary>One numeric value a decoder found in a payload.</summary>
/// <param name="Key">Unique within the device's payload, e.g. <c>temperature_1</c> or <c>gps_4.latitude</c>.</param>
/// <param name="Kind">What is measured (<c>temperature</c>, <c>relative_humidity</c>, …).</param>
/// <param name="Unit">The unit, or null when unitless or unknown.</param>
internal sealed record DecodedReading(string Key, string Kind, double Value, string? Unit);
