using System.Text.Json.Nodes;
using PluginRuntime.Sdk.Protocols;

namespace PluginRuntime.Sdk.Tests.Protocols;

/// <summary>A driver whose methods come from the lamp spec; it records what the generated methods send.</summary>
public sealed class SpecDriver : Driver
{
    private readonly List<(SpecMessage Message, JsonObject Arguments)> _sent = [];

    public IReadOnlyList<(SpecMessage Message, JsonObject Arguments)> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    protected override Task OnLoadAsync(CancellationToken cancellationToken)
    {
        Use(ProtocolSpec.Parse(SpecYaml.Lamp, "lamp.yaml"));
        return Task.CompletedTask;
    }

    [Hidden]
    public void Use(ProtocolSpec spec) => DeclareMethods(SpecMethods.For(spec, (message, arguments, _) =>
    {
        lock (_sent)
        {
            _sent.Add((message, arguments));
        }
        return ValueTask.FromResult<JsonNode?>($"sent {message.Name}");
    }));
}
