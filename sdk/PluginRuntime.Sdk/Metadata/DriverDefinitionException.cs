namespace PluginRuntime.Sdk.Metadata;

/// <summary>A driver class can't be used as it is written (not a Driver, no public constructor, clashing names…).</summary>
public sealed class DriverDefinitionException(string message) : InvalidOperationException(message);
