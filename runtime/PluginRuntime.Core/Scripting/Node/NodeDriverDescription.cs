using System.Text.Json;
using System.Text.Json.Nodes;
using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Metadata;

namespace PluginRuntime.Core.Scripting.Node;

/// <summary>One exported method of a script driver, as host.js described it.</summary>
internal sealed record NodeMethod(string Name, JsonObject Parameters, SecurityLevel Security, string? Description);

/// <summary>What a driver script says about itself once loaded: its identity, methods and local files.</summary>
internal sealed record NodeDriverDescription(DriverIdentity Identity, IReadOnlyList<NodeMethod> Methods, IReadOnlyList<string> Files)
{
    /// <summary>Reads host.js's description of a loaded script.</summary>
    /// <exception cref="DriverDefinitionException">A method's parameter schema can't describe a method.</exception>
    public static NodeDriverDescription Read(JsonElement description)
    {
        var node = JsonNode.Parse(description.GetRawText())!.AsObject();
        var identity = new DriverIdentity(
            node["name"]!.GetValue<string>(),
            node["defaultModuleName"]!.GetValue<string>(),
            node["description"]?.GetValue<string>(),
            node["defaultSettings"] as JsonObject);
        var methods = node["methods"]!.AsArray().Select(m => new NodeMethod(
            m!["name"]!.GetValue<string>(),
            (JsonObject)m["schema"]!.DeepClone(),
            Enum.Parse<SecurityLevel>(m["security"]!.GetValue<string>(), ignoreCase: true),
            m["description"]?.GetValue<string>())).ToArray();
        foreach (var method in methods)
        {
            // Validates the schema now, so a bad one is a load error rather than a failure of every module start.
            MethodDescriptor.Dynamic(method.Name, method.Parameters, static (_, _) => ValueTask.FromResult<JsonNode?>(null), method.Security);
        }
        var files = node["files"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray();
        return new NodeDriverDescription(identity, methods, files);
    }

    /// <summary>True when another load of the same script exports the same methods (a restart after an edit may not).</summary>
    public bool SameMethodsAs(NodeDriverDescription other) =>
        Methods.Select(m => m.Name).SequenceEqual(other.Methods.Select(m => m.Name), StringComparer.Ordinal);
}
