using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PluginRuntime.Drivers.Resiot.Wire;
using PluginRuntime.Sdk.Protocols;

namespace PluginRuntime.Drivers.Resiot;

public sealed partial class ResiotDriver
{
    private const string EmbeddedSpecName = "resiot-websocket.asyncapi.yaml";

    private readonly Lock _specGate = new();
    private ProtocolSpec? _spec;
    private ProtocolSpecWatcher? _specWatcher;
    private string? _specSource;

    /// <summary>The spec in use; for tests.</summary>
    internal ProtocolSpec? Spec => Volatile.Read(ref _spec);

    /// <summary>
    /// Takes the protocol spec: the copy embedded in the driver, or <c>spec_file</c> (watched: an edit declares the
    /// methods again). A spec that doesn't read is logged and shown in <c>spec_error</c>; the one in use stays.
    /// </summary>
    private void LoadSpec(ResiotSettings settings)
    {
        string source = settings.SpecFile is { } file ? Path.GetFullPath(file) : EmbeddedSpecName;
        lock (_specGate)
        {
            if (source == _specSource && _spec is not null)
            {
                // Same file: read it again now, so a settings save also picks up an edit the watcher hasn't seen yet.
                _specWatcher?.Reload();
                return;
            }
            _specWatcher?.Dispose();
            _specWatcher = null;
            try
            {
                ProtocolSpec spec;
                if (settings.SpecFile is not null)
                {
                    _specWatcher = ProtocolSpecWatcher.Start(source, UseSpec, Logger);
                    spec = _specWatcher.Current;
                }
                else
                {
                    spec = ProtocolSpec.Parse(EmbeddedSpec.Value, $"{EmbeddedSpecName} (embedded in the driver)");
                }
                _specSource = source;
                SetStatus("spec_error", null as string);
                UseSpec(spec);
            }
            catch (ProtocolSpecException ex)
            {
                Logger.LogBadSpec(ex.Message);
                SetStatus("spec_error", ex.Message);
                if (_spec is null)
                {
                    _specSource = EmbeddedSpecName;
                    UseSpec(ProtocolSpec.Parse(EmbeddedSpec.Value, $"{EmbeddedSpecName} (embedded in the driver)"));
                }
            }
        }
    }

    /// <summary>Validates with this spec from now on and declares its commands as methods.</summary>
    private void UseSpec(ProtocolSpec spec)
    {
        Volatile.Write(ref _spec, spec);
        var methods = SpecMethods.For(spec, SendSpecCommandAsync);
        DeclareMethods(methods);
        Logger.LogSpecLoaded(spec.Title, spec.Version, spec.SourceName, spec.Inbound.Count, spec.Outbound.Count);
        SetStatus("spec", new JsonObject
        {
            ["title"] = spec.Title,
            ["version"] = spec.Version,
            ["source"] = spec.SourceName,
            ["messages"] = new JsonArray([.. spec.Inbound.Select(m => (JsonNode)m.Name)]),
            ["commands"] = new JsonArray([.. methods.Select(m => (JsonNode)m.Name)]),
        });
    }

    /// <summary>
    /// True when the spec knows message <paramref name="name"/> and <paramref name="root"/> conforms to it; otherwise
    /// <paramref name="problem"/> says why, with the JSON path of what is wrong.
    /// </summary>
    private bool TryCheckAgainstSpec(string name, JsonElement root, out string problem)
    {
        var spec = Volatile.Read(ref _spec);
        if (spec is null)
        {
            problem = "no protocol spec is loaded (see spec_error).";
            return false;
        }
        if (!spec.TryGetInbound(name, out var message))
        {
            problem = $"unknown message type '{name}': the spec declares {string.Join(", ", spec.Inbound.Select(m => m.Name))}.";
            return false;
        }
        var reasons = message.Validate(root);
        problem = reasons.Count == 0 ? "" : $"{name} does not conform to the spec: {string.Join(" ", reasons)}";
        return reasons.Count == 0;
    }

    /// <summary>
    /// Sends a command declared in the spec (the <c>tx</c> method, and any command added to the YAML). Fields the
    /// spec leaves to the driver (<c>x-driver-fields</c>) are filled in: a <c>const</c> with its value, <c>Reference</c>
    /// with a fresh reference. A command with a reference waits for its Success/Fail result as TX does.
    /// </summary>
    private async ValueTask<JsonNode?> SendSpecCommandAsync(SpecMessage message, JsonObject arguments, CancellationToken cancellationToken)
    {
        var command = new JsonObject();
        string? reference = null;
        var driverFields = message.Extensions.TryGetValue("x-driver-fields", out var fields) && fields is JsonArray list
            ? list.Select(f => f?.ToString()).ToHashSet()
            : [];
        // In the order the spec lists the fields, so the message reads like the seed's example.
        foreach (var (field, schema) in message.PayloadSchema?["properties"] as JsonObject ?? [])
        {
            if (driverFields.Contains(field))
            {
                if (field == "Reference")
                {
                    command[field] = reference = NewReference();
                }
                else if (schema?["const"] is { } constant)
                {
                    command[field] = constant.DeepClone();
                }
            }
            else if (arguments.TryGetPropertyValue(field, out var value))
            {
                command[field] = value?.DeepClone();
            }
        }
        if (reference is null)
        {
            await Transport.SendAsync(Encoding.UTF8.GetBytes(command.ToJsonString()), cancellationToken).ConfigureAwait(false);
            return new JsonObject { ["sent"] = message.Name };
        }
        var result = await SendAwaitingResultAsync(command, reference, cancellationToken).ConfigureAwait(false);
        return new JsonObject { ["reference"] = reference, ["result"] = result.Succeeded ? "Success" : "Fail" };
    }

    private static readonly Lazy<string> EmbeddedSpec = new(() =>
    {
        using var stream = typeof(ResiotDriver).Assembly.GetManifestResourceStream(EmbeddedSpecName)
            ?? throw new InvalidOperationException("The ResIOT protocol spec is missing from the driver assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private void StopWatchingSpec()
    {
        lock (_specGate)
        {
            _specWatcher?.Dispose();
            _specWatcher = null;
        }
    }
}
