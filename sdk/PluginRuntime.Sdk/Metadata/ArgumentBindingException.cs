namespace PluginRuntime.Sdk.Metadata;

/// <summary>
/// The caller's arguments don't fit the method: wrong count, a missing required argument, an unknown name, or a
/// value of the wrong type. The message names the parameter and the expected type. Maps to "bad request".
/// </summary>
public sealed class ArgumentBindingException(string message, Exception? inner = null) : ArgumentException(message, inner);
