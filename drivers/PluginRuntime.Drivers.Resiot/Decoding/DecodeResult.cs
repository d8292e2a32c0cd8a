using System.Text.Json.Nodes;

namespace PluginRuntime.Drivers.Resiot.Decoding;

/// <summary>
/// What a decoder made of one uplink, in the TTN <c>decodeUplink</c> shape: <see cref="Data"/> (null when decoding
/// failed), warnings, errors, and the numeric readings found in the data.
/// </summary>
internal sealed record DecodeResult(JsonObject? Data, IReadOnlyList<DecodedReading> Readings, IReadOnlyList<string> Warnings, IReadOnlyList<string> Errors)
{
    public static DecodeResult Failed(string error) => new(null, [], [], [error]);
}
