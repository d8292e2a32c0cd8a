using System.Text.Json;

namespace PluginRuntime.Sdk.Protocols;

/// <summary>
/// An AsyncAPI 3.0 document read for use: the messages a device sends (<see cref="Inbound"/>) and the commands sent
/// to it (<see cref="Outbound"/>), each with its payload's JSON Schema.
/// </summary>
/// <remarks>
/// The document describes the device (the peer the driver talks to), as an API's AsyncAPI document describes the
/// server: its <c>send</c> operations are what the device sends, so they are inbound to the driver; its
/// <c>receive</c> operations are what it accepts, so they are the driver's outbound commands.
/// </remarks>
public sealed class ProtocolSpec
{
    private readonly Dictionary<string, SpecMessage> _inbound;
    private readonly Dictionary<string, SpecMessage> _outbound;

    internal ProtocolSpec(string sourceName, string title, string? version, IReadOnlyList<SpecMessage> inbound, IReadOnlyList<SpecMessage> outbound)
    {
        SourceName = sourceName;
        Title = title;
        Version = version;
        Inbound = inbound;
        Outbound = outbound;
        _inbound = inbound.ToDictionary(m => m.Name, StringComparer.Ordinal);
        _outbound = outbound.ToDictionary(m => m.Name, StringComparer.Ordinal);
    }

    /// <summary>Where the spec came from (a file path or the name given to <see cref="Parse"/>).</summary>
    public string SourceName { get; }

    /// <summary><c>info.title</c>.</summary>
    public string Title { get; }

    /// <summary><c>info.version</c>, if any.</summary>
    public string? Version { get; }

    /// <summary>Messages the device sends to the driver, in document order.</summary>
    public IReadOnlyList<SpecMessage> Inbound { get; }

    /// <summary>Commands the driver sends to the device, in document order.</summary>
    public IReadOnlyList<SpecMessage> Outbound { get; }

    /// <summary>Reads a spec file.</summary>
    /// <exception cref="ProtocolSpecException">The file is not a usable AsyncAPI 3.0 document (message says where and why).</exception>
    public static ProtocolSpec Load(string path)
    {
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProtocolSpecException(path, 1, 1, $"cannot read the spec file: {ex.Message}", ex);
        }
        return Parse(yaml, path);
    }

    /// <summary>Reads a spec from YAML text; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="ProtocolSpecException">The text is not a usable AsyncAPI 3.0 document (message says where and why).</exception>
    public static ProtocolSpec Parse(string yaml, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        return new SpecReader(YamlJson.Read(yaml, sourceName), sourceName).Read();
    }

    /// <summary>Finds an inbound message by name.</summary>
    public bool TryGetInbound(string name, out SpecMessage message) => _inbound.TryGetValue(name, out message!);

    /// <summary>Finds an outbound message (command) by name.</summary>
    public bool TryGetOutbound(string name, out SpecMessage message) => _outbound.TryGetValue(name, out message!);

    /// <summary>
    /// Finds the first inbound message whose payload schema <paramref name="payload"/> conforms to, for protocols
    /// whose messages are told apart by their content (a <c>type</c> field with a <c>const</c>) rather than by name.
    /// </summary>
    public bool TryMatchInbound(JsonElement payload, out SpecMessage message)
    {
        foreach (var candidate in Inbound)
        {
            if (candidate.PayloadSchema is not null && candidate.Validate(payload).Count == 0)
            {
                message = candidate;
                return true;
            }
        }
        message = null!;
        return false;
    }
}
