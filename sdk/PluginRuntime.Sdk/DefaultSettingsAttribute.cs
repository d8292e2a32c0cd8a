namespace PluginRuntime.Sdk;

/// <summary>The driver's default settings as a JSON object; the lowest precedence in the settings merge.</summary>
/// <param name="json">A JSON object, e.g. <c>{"poll_seconds": 30}</c>.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class DefaultSettingsAttribute(string json) : Attribute
{
    /// <summary>The defaults as JSON text.</summary>
    public string Json { get; } = json;
}
