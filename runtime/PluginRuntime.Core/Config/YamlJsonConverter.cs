using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PluginRuntime.Core.Config;

/// <summary>
/// Turns YAML into JSON the way a reader of the YAML expects: unquoted scalars are typed by the YAML 1.2 core
/// schema (<c>true</c>, <c>~</c>, <c>42</c>, <c>0x2A</c>, <c>1.5</c>), quoted and block scalars stay text,
/// sequences become arrays and mappings objects.
/// </summary>
internal static partial class YamlJsonConverter
{
    private const string StrTag = "tag:yaml.org,2002:str";
    private const string NullTag = "tag:yaml.org,2002:null";
    private const string BoolTag = "tag:yaml.org,2002:bool";
    private const string IntTag = "tag:yaml.org,2002:int";
    private const string FloatTag = "tag:yaml.org,2002:float";
    private const string SeqTag = "tag:yaml.org,2002:seq";
    private const string MapTag = "tag:yaml.org,2002:map";

    /// <summary>
    /// Converts <paramref name="node"/>; returns null for a YAML null. Values JSON can't hold (<c>.inf</c>,
    /// <c>.nan</c>, unknown tags, non-text keys) are reported through <paramref name="report"/> and left out.
    /// </summary>
    public static JsonNode? ToJson(YamlNode node, string file, Action<SourceLocation, string> report)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                CheckCollectionTag(mapping, MapTag, file, report);
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        report(SourceLocation.At(file, key.Start),
                            "a settings key must be a plain name, not a list or mapping; write it as text");
                        continue;
                    }
                    // Duplicate keys never get here: YamlDotNet rejects them while parsing.
                    obj[name] = ToJson(value, file, report);
                }
                return obj;
            case YamlSequenceNode sequence:
                CheckCollectionTag(sequence, SeqTag, file, report);
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(ToJson(item, file, report));
                }
                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar, file, report);
            default:
                // Aliases are resolved by the representation model, so no other node kind reaches here.
                report(SourceLocation.At(file, node.Start), $"unsupported YAML node '{node.NodeType}'");
                return null;
        }
    }

    /// <summary>True when a plain scalar means null in the core schema (an empty value, <c>~</c>, <c>null</c>).</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
        && scalar.Tag.IsEmpty
        && NullPattern().IsMatch(scalar.Value ?? "");

    private static JsonNode? Scalar(YamlScalarNode scalar, string file, Action<SourceLocation, string> report)
    {
        var text = scalar.Value ?? "";
        var at = SourceLocation.At(file, scalar.Start);
        if (!scalar.Tag.IsEmpty)
        {
            var tag = scalar.Tag.Value;
            if (scalar.Tag.IsNonSpecific || tag == StrTag)
            {
                return JsonValue.Create(text);
            }
            if (tag is not (NullTag or BoolTag or IntTag or FloatTag))
            {
                report(at, $"tag '{tag}' is not supported in settings; remove it (settings hold plain JSON values)");
                return null;
            }
            // An explicit core tag asks for that type: check the text really is one.
            var typed = Resolve(text, at, report, out var kind);
            if (kind != tag && !(tag == FloatTag && kind == IntTag))
            {
                report(at, $"'{text}' is not a valid {ShortTag(tag)}; fix the value or remove the tag");
                return null;
            }
            return tag == FloatTag && kind == IntTag
                ? JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture))
                : typed;
        }
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            // Quoting (or a | / > block) is how YAML says "this is text", e.g. zip: "02134".
            return JsonValue.Create(text);
        }
        return Resolve(text, at, report, out _);
    }

    private static JsonNode? Resolve(string text, SourceLocation at, Action<SourceLocation, string> report, out string kind)
    {
        if (NullPattern().IsMatch(text))
        {
            kind = NullTag;
            return null;
        }
        if (TruePattern().IsMatch(text))
        {
            kind = BoolTag;
            return JsonValue.Create(true);
        }
        if (FalsePattern().IsMatch(text))
        {
            kind = BoolTag;
            return JsonValue.Create(false);
        }
        if (DecimalIntPattern().IsMatch(text))
        {
            kind = IntTag;
            return Integer(BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }
        if (OctalIntPattern().IsMatch(text))
        {
            kind = IntTag;
            var value = BigInteger.Zero;
            foreach (var digit in text.AsSpan(2))
            {
                value = (value * 8) + (digit - '0');
            }
            return Integer(value);
        }
        if (HexIntPattern().IsMatch(text))
        {
            kind = IntTag;
            // The leading 0 keeps BigInteger from reading a high first digit as a sign bit.
            return Integer(BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        }
        if (FloatPattern().IsMatch(text))
        {
            kind = FloatTag;
            var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsFinite(value))
            {
                return JsonValue.Create(value);
            }
            report(at, $"'{text}' is too large for a JSON number; use a smaller value or quote it to keep it as text");
            return null;
        }
        if (InfinityOrNaNPattern().IsMatch(text))
        {
            kind = FloatTag;
            report(at, $"'{text}' cannot be represented in JSON; use a number, or quote it to keep it as text");
            return null;
        }
        kind = StrTag;
        return JsonValue.Create(text);
    }

    private static JsonNode Integer(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue
            ? JsonValue.Create((long)value)
            // JSON numbers have no size limit; parsing the digits keeps every one of them.
            : JsonNode.Parse(value.ToString(CultureInfo.InvariantCulture))!;

    private static void CheckCollectionTag(YamlNode node, string expected, string file, Action<SourceLocation, string> report)
    {
        if (!node.Tag.IsEmpty && !node.Tag.IsNonSpecific && node.Tag.Value != expected)
        {
            report(SourceLocation.At(file, node.Start),
                $"tag '{node.Tag.Value}' is not supported in settings; remove it (settings hold plain JSON values)");
        }
    }

    private static string ShortTag(string tag) => "!!" + tag[(tag.LastIndexOf(':') + 1)..];

    [GeneratedRegex("^(|~|null|Null|NULL)$")]
    private static partial Regex NullPattern();

    [GeneratedRegex("^(true|True|TRUE)$")]
    private static partial Regex TruePattern();

    [GeneratedRegex("^(false|False|FALSE)$")]
    private static partial Regex FalsePattern();

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex DecimalIntPattern();

    [GeneratedRegex("^0o[0-7]+$")]
    private static partial Regex OctalIntPattern();

    [GeneratedRegex("^0x[0-9a-fA-F]+$")]
    private static partial Regex HexIntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^([-+]?\.(inf|Inf|INF)|\.nan|\.NaN|\.NAN)$")]
    private static partial Regex InfinityOrNaNPattern();
}
