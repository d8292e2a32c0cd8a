namespace PluginRuntime.Drivers.Resiot.Decoding;

/// <summary>A JavaScript decoder failed (threw, didn't load, timed out, or its host died); the message says which.</summary>
internal sealed class JsDecoderException(string message) : Exception(message);
