namespace PluginRuntime.Core.Config;

/// <summary>The organisation this runtime serves; its id is the first segment of MQTT topics.</summary>
internal sealed record OrgConfig(string Id, string Name, SourceLocation Location);
