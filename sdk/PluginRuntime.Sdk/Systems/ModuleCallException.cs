namespace PluginRuntime.Sdk.Systems;

/// <summary>A call to another module failed: it doesn't exist, the arguments didn't fit, or its driver threw.</summary>
public sealed class ModuleCallException(string message) : Exception(message);
