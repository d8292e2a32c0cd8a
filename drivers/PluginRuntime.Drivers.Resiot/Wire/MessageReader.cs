using System.Globalization;
using System.Text.Json;

namespace PluginRuntime.Drivers.Resiot.Wire;

/// <summary>
/// Reads what the platform pushes into typed messages. The spec has already checked the shape when it is loaded;
/// this reader checks again what the driver relies on, so a message is either read whole or refused with a reason,
/// never half-applied.
/// </summary>
internal static class MessageReader
{
    /// <summary>LoRaWAN payloads are at most 242 bytes; the spec allows 512 (1024 hex digits) and so does this reader.</summary>
    private const int MaxPayloadHexDigits = 1024;

    /// <summary>
    /// The message's name in the spec: the communication type (<c>CommType</c>, or <c>MsgType</c> as the seed's field
    /// list calls it), <c>tx_result</c> for a TX answer; null when it has neither.
    /// </summary>
    public static string? NameOf(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var field in (ReadOnlySpan<string>)["CommType", "MsgType"])
        {
            if (root.TryGetProperty(field, out var type) && type.ValueKind == JsonValueKind.String && type.GetString() is { Length: > 0 } name)
            {
                return name;
            }
        }
        return root.TryGetProperty("Result", out _) ? TxResult.MessageName : null;
    }

    /// <summary>Reads a TX answer; throws <see cref="FormatException"/> with the reason when it can't.</summary>
    public static TxResult ReadTxResult(JsonElement root)
    {
        string result = Text(root, "Result");
        if (result is not ("Success" or "Fail"))
        {
            throw new FormatException($"Result should be \"Success\" or \"Fail\", but is \"{result}\".");
        }
        return new TxResult(result == "Success", Text(root, "Details"), Text(root, "Reference"));
    }

    /// <summary>Reads a communication of type <paramref name="type"/>; throws <see cref="FormatException"/> with the reason when it can't.</summary>
    public static Communication ReadCommunication(JsonElement root, string type)
    {
        string devEui = Text(root, "DevEui").ToLowerInvariant();
        string portText = Text(root, "Port");
        int? port = null;
        if (portText.Length > 0)
        {
            port = int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p <= 255
                ? p
                : throw new FormatException($"Port should be a port number as text, but is \"{portText}\".");
        }
        string payload = Text(root, "Payload");
        if (payload.Length > MaxPayloadHexDigits)
        {
            throw new FormatException($"Payload has {payload.Length / 2} bytes; LoRaWAN payloads are far smaller (this driver takes at most {MaxPayloadHexDigits / 2}).");
        }
        if (payload.Length % 2 != 0 || !payload.All(char.IsAsciiHexDigit))
        {
            throw new FormatException("Payload should be hex encoded, but is not.");
        }
        if (type == Communication.Rx && (devEui.Length == 0 || port is null))
        {
            throw new FormatException("an uplink needs DevEui and Port.");
        }
        if (type is Communication.Join or Communication.Tx or Communication.TxConfirm && devEui.Length == 0)
        {
            throw new FormatException($"a {type} needs DevEui.");
        }
        var gateways = Gateways(root);
        if (type == Communication.GatewayAlive && gateways.Count == 0)
        {
            throw new FormatException("a gateway alive needs GatewayEUIs.");
        }
        return new Communication(
            type,
            Text(root, "Connector"),
            Text(root, "AppEui").ToLowerInvariant(),
            devEui,
            port,
            gateways,
            payload.ToLowerInvariant(),
            Extra(root),
            Time(root),
            Text(root, "Reference"),
            root.TryGetProperty("Confirmation", out var confirmation) && confirmation.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? confirmation.GetBoolean()
                : null);
    }

    /// <summary>A string field; empty when absent or null, as the seed says fields may be.</summary>
    private static string Text(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? ""
        : value.ValueKind == JsonValueKind.String ? value.GetString()!
        : throw new FormatException($"{name} should be a string, but is {Describe(value)}.");

    private static List<string> Gateways(JsonElement root)
    {
        if (!root.TryGetProperty("GatewayEUIs", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"GatewayEUIs should be an array of strings, but is {Describe(list)}.");
        }
        return [.. list.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String && item.GetString() is { Length: 16 } eui && eui.All(char.IsAsciiHexDigit)
            ? eui.ToLowerInvariant()
            : throw new FormatException($"GatewayEUIs should hold 16-hex-digit EUIs, but holds {Describe(item)}."))];
    }

    /// <summary><c>Extra</c> as an object of values (the examples) or an array of {fieldname, fieldvalue} (the field list).</summary>
    private static Dictionary<string, string> Extra(JsonElement root)
    {
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty("Extra", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return extra;
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in value.EnumerateObject())
            {
                extra[field.Name] = Scalar(field.Value, $"Extra.{field.Name}");
            }
            return extra;
        }
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("fieldname", out var name) || name.ValueKind != JsonValueKind.String)
                {
                    throw new FormatException($"Extra's items should be {{fieldname, fieldvalue}}, but one is {Describe(item)}.");
                }
                extra[name.GetString()!] = item.TryGetProperty("fieldvalue", out var fieldValue) ? Scalar(fieldValue, $"Extra.{name.GetString()}") : "";
            }
            return extra;
        }
        throw new FormatException($"Extra should be an object or an array, but is {Describe(value)}.");
    }

    private static string Scalar(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "",
        _ => throw new FormatException($"{name} should be a string, number or boolean, but is {Describe(value)}."),
    };

    private static DateTimeOffset? Time(JsonElement root)
    {
        string text = Text(root, "DT");
        return text.Length == 0 ? null
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time
            : throw new FormatException($"DT should be a date and time, but is \"{Shorten(text)}\".");
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Shorten(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {Shorten(value.GetRawText())}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
