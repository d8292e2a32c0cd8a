namespace PluginRuntime.Drivers.Resiot.Decoding;

/// <summary>
/// The Cayenne LPP types: the twelve of the original specification (digital/analog in and out, illuminance,
/// presence, temperature, humidity, accelerometer, barometer, gyrometer, GPS) and the extended set of the widely
/// used CayenneLPP library (generic sensor, voltage, current, frequency, percentage, altitude, concentration, power,
/// distance, energy, direction, unix time, colour, switch). Resolutions are the specification's.
/// </summary>
internal static class CayenneLppTypes
{
    public static readonly IReadOnlyDictionary<byte, CayenneLppType> ById = new[]
    {
        CayenneLppType.Scalar(0, "digital_input", 1, false, 1, null),
        CayenneLppType.Scalar(1, "digital_output", 1, false, 1, null),
        CayenneLppType.Scalar(2, "analog_input", 2, true, 100, null),
        CayenneLppType.Scalar(3, "analog_output", 2, true, 100, null),
        CayenneLppType.Scalar(100, "generic_sensor", 4, false, 1, null),
        CayenneLppType.Scalar(101, "illuminance", 2, false, 1, "lx"),
        CayenneLppType.Scalar(102, "presence", 1, false, 1, null),
        CayenneLppType.Scalar(103, "temperature", 2, true, 10, "°C"),
        CayenneLppType.Scalar(104, "relative_humidity", 1, false, 2, "%RH"),
        new CayenneLppType(113, "accelerometer", 2, true, ["x", "y", "z"], [1000, 1000, 1000], "G"),
        CayenneLppType.Scalar(115, "barometric_pressure", 2, false, 10, "hPa"),
        CayenneLppType.Scalar(116, "voltage", 2, false, 100, "V"),
        CayenneLppType.Scalar(117, "current", 2, false, 1000, "A"),
        CayenneLppType.Scalar(118, "frequency", 4, false, 1, "Hz"),
        CayenneLppType.Scalar(120, "percentage", 1, false, 1, "%"),
        CayenneLppType.Scalar(121, "altitude", 2, true, 1, "m"),
        CayenneLppType.Scalar(125, "concentration", 2, false, 1, "ppm"),
        CayenneLppType.Scalar(128, "power", 2, false, 1, "W"),
        CayenneLppType.Scalar(130, "distance", 4, false, 1000, "m"),
        CayenneLppType.Scalar(131, "energy", 4, false, 1000, "kWh"),
        CayenneLppType.Scalar(132, "direction", 2, false, 1, "°"),
        CayenneLppType.Scalar(133, "unix_time", 4, false, 1, "s"),
        new CayenneLppType(134, "gyrometer", 2, true, ["x", "y", "z"], [100, 100, 100], "°/s"),
        new CayenneLppType(135, "colour", 1, false, ["r", "g", "b"], [1, 1, 1], null),
        // Latitude and longitude in 0.0001°, altitude in 0.01 m, each a signed 24-bit number.
        new CayenneLppType(136, "gps", 3, true, ["latitude", "longitude", "altitude"], [10000, 10000, 100], null),
        CayenneLppType.Scalar(142, "switch", 1, false, 1, null),
    }.ToDictionary(t => t.Id);

    /// <summary>The unit of one part of a multi-part type (GPS mixes degrees and metres).</summary>
    public static string? UnitOf(CayenneLppType type, string field) => type.Id == 136
        ? field == "altitude" ? "m" : "°"
        : type.Unit;
}
