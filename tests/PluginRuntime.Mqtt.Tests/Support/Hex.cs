namespace PluginRuntime.Mqtt.Tests.Support;

/// <summary>Hex literals for hand-built wire bytes ("30 05 00 01 61 ...").</summary>
internal static class Hex
{
    public static byte[] Parse(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
}
