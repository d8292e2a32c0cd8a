using System.Text.Json;
using System.Text.Json.Serialization;

namespace PluginRuntime.Sdk;

/// <summary>The JSON conventions of the runtime's wire formats (PlaceOS style: snake_case, enums as strings).</summary>
public static class DriverJson
{
    /// <summary>A fresh options instance with the runtime's conventions. Fresh, so caches die with their owner.</summary>
    public static JsonSerializerOptions CreateOptions() => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
