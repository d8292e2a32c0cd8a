namespace PluginRuntime.Core.Plugins;

/// <summary>A driver's code could not be loaded; the message says which driver, which file, and what to do.</summary>
internal sealed class DriverLoadException(string message, Exception? inner = null) : Exception(message, inner);
