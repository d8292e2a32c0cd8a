using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PluginRuntime.Host.Specs;

/// <summary>
/// Converts a YAML document to JSON with YAML 1.2 core-schema typing: plain <c>5</c>, <c>true</c>, <c>null</c> become
/// a number, a boolean and null, while quoted scalars stay strings (so <c>'1.0'</c> is the string a version needs).
/// </summary>
internal static partial class YamlJson
{
    private const int MaxDepth = 64;

    /// <exception cref="YamlException">The text is not YAML, or has something JSON can't hold (a non-scalar key, deep nesting).</exception>
    public static byte[] Convert(TextReader yaml)
    {
        var stream = new YamlStream();
        stream.Load(yaml);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            if (stream.Documents.FirstOrDefault()?.RootNode is { } root)
            {
                Write(json, root, 0);
            }
            else
            {
                json.WriteNullValue();
            }
        }
        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter json, YamlNode node, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new YamlException(node.Start, node.End, $"nesting deeper than {MaxDepth} levels (or an alias that refers to itself)");
        }
        switch (node)
        {
            case YamlMappingNode map:
                json.WriteStartObject();
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        throw new YamlException(key.Start, key.End, "a mapping key must be a scalar to become a JSON property name");
                    }
                    json.WritePropertyName(name);
                    Write(json, value, depth + 1);
                }
                json.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                json.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(json, item, depth + 1);
                }
                json.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(json, scalar);
                break;
            default:
                throw new YamlException(node.Start, node.End, $"unsupported YAML node {node.NodeType}");
        }
    }

    private static void WriteScalar(Utf8JsonWriter json, YamlScalarNode scalar)
    {
        string text = scalar.Value ?? "";
        // Quoted, block and explicitly tagged scalars are strings; only plain ones are typed by their text.
        if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            json.WriteStringValue(text);
        }
        else if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            json.WriteNullValue();
        }
        else if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            json.WriteBooleanValue(text[0] is 't' or 'T');
        }
        else if (Integer().IsMatch(text) && decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            json.WriteNumberValue(whole);
        }
        else if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            json.WriteNumberValue(real);
        }
        else
        {
            json.WriteStringValue(text); // including .inf and .nan, which JSON has no number for
        }
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
