namespace PluginRuntime.Core.State;

/// <summary>One status key of one module changed. <see cref="Value"/> is UTF-8 JSON, or null when the key was deleted.</summary>
internal readonly record struct StatusChange(string ModuleId, string Key, byte[]? Value);
