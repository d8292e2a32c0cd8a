namespace PluginRuntime.Drivers.Resiot.Devices;

/// <summary>How a kind of device's uplinks are decoded.</summary>
/// <param name="Name">The profile's key in the <c>profiles</c> setting.</param>
/// <param name="Decoder">Which decoder: Cayenne LPP, a JavaScript <c>decodeUplink</c>, or none.</param>
/// <param name="Script">The JavaScript source (read from <c>script_file</c> when given that way).</param>
/// <param name="Ports">Only uplinks on these FPorts are decoded; empty means every port.</param>
/// <param name="Units">Units of a JavaScript decoder's readings, by data key or path.</param>
internal sealed record DeviceProfile(string Name, DecoderKind Decoder, string? Script, IReadOnlySet<int> Ports, IReadOnlyDictionary<string, string> Units)
{
    public bool Decodes(int port) => Decoder != DecoderKind.None && (Ports.Count == 0 || Ports.Contains(port));
}

/// <summary>The decoders a profile can name.</summary>
internal enum DecoderKind
{
    None,
    CayenneLpp,
    JavaScript,
}
