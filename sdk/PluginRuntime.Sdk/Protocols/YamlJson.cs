using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PluginRuntime.Sdk.Protocols;

/// <summary>
/// Turns a YAML document into JSON nodes and remembers where each node came from, so a problem found later (a bad
/// $ref, a wrong field) can be reported with its line and column.
/// </summary>
internal sealed class YamlJson
{
    private readonly Dictionary<JsonNode, Mark> _positions = new(ReferenceEqualityComparer.Instance);
    private readonly string _sourceName;

    private YamlJson(string sourceName)
    {
        _sourceName = sourceName;
    }

    public JsonNode? Root { get; private set; }

    public Mark RootMark { get; private set; } = Mark.Empty;

    public static YamlJson Read(string yaml, string sourceName)
    {
        var result = new YamlJson(sourceName);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new ProtocolSpecException(sourceName, (int)ex.Start.Line, (int)ex.Start.Column, $"not valid YAML: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
        if (stream.Documents.Count != 1)
        {
            throw new ProtocolSpecException(sourceName, 1, 1, $"expected one YAML document, found {stream.Documents.Count}.");
        }
        var root = stream.Documents[0].RootNode;
        result.RootMark = root.Start;
        result.Root = result.Convert(root);
        return result;
    }

    /// <summary>An error located at <paramref name="node"/> (or at <paramref name="fallback"/> for a null value).</summary>
    public ProtocolSpecException Error(JsonNode? node, string message, Mark? fallback = null)
    {
        var mark = node is not null && _positions.TryGetValue(node, out var m) ? m : fallback ?? RootMark;
        return new ProtocolSpecException(_sourceName, (int)mark.Line, (int)mark.Column, message);
    }

    public Mark PositionOf(JsonNode? node, Mark fallback) =>
        node is not null && _positions.TryGetValue(node, out var m) ? m : fallback;

    /// <summary>Records that a node made from another (a resolved copy) sits at the same place.</summary>
    public void Remember(JsonNode copy, JsonNode? original)
    {
        if (original is not null && _positions.TryGetValue(original, out var mark))
        {
            _positions.TryAdd(copy, mark);
        }
    }

    private JsonNode? Convert(YamlNode node)
    {
        JsonNode? result = node switch
        {
            YamlMappingNode mapping => ConvertMapping(mapping),
            YamlSequenceNode sequence => ConvertSequence(sequence),
            YamlScalarNode scalar => ConvertScalar(scalar),
            _ => throw new ProtocolSpecException(_sourceName, (int)node.Start.Line, (int)node.Start.Column,
                "YAML aliases and other node kinds are not supported in protocol specs."),
        };
        if (result is not null)
        {
            _positions[result] = node.Start;
        }
        return result;
    }

    private JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var obj = new JsonObject();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                throw new ProtocolSpecException(_sourceName, (int)keyNode.Start.Line, (int)keyNode.Start.Column, "mapping keys must be plain strings.");
            }
            if (obj.ContainsKey(key))
            {
                throw new ProtocolSpecException(_sourceName, (int)keyNode.Start.Line, (int)keyNode.Start.Column, $"duplicate key '{key}'.");
            }
            obj[key] = Convert(valueNode);
        }
        return obj;
    }

    private JsonArray ConvertSequence(YamlSequenceNode sequence)
    {
        var array = new JsonArray();
        foreach (var item in sequence.Children)
        {
            array.Add(Convert(item));
        }
        return array;
    }

    private static JsonValue? ConvertScalar(YamlScalarNode scalar)
    {
        string text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }
        // YAML 1.2 core schema: plain scalars may be null, booleans or numbers; everything else is a string.
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
        {
            return JsonValue.Create(integer);
        }
        if (LooksNumeric(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
        {
            return JsonValue.Create(number);
        }
        return JsonValue.Create(text);
    }

    private static bool LooksNumeric(string text) =>
        text.Length > 0 && (char.IsAsciiDigit(text[0]) || ((text[0] is '-' or '+' or '.') && text.Length > 1));
}
