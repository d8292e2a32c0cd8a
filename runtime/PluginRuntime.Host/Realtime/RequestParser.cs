using System.Text.Json;

namespace PluginRuntime.Host.Realtime;

/// <summary>
/// Reads one text message into a <see cref="RealtimeRequest"/> with <see cref="Utf8JsonReader"/> (no reflection, no
/// document for the common fields). The whole message is always read, so invalid JSON anywhere is a parse error
/// (code 0) even when a field before it was also wrong; wrong shapes and types are bad requests (code 1).
/// </summary>
internal static class RequestParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    /// <summary>Parses <paramref name="json"/>; on failure <paramref name="request"/> still carries the id if one was read.</summary>
    /// <param name="maxIdBytes">The longest id accepted (raw JSON bytes).</param>
    /// <param name="maxFieldBytes">The longest sys, mod or name accepted (UTF-8 bytes once unescaped).</param>
    public static bool TryParse(ReadOnlySpan<byte> json, int maxIdBytes, int maxFieldBytes, out RealtimeRequest request, out ErrorCode code,
        out string? error)
    {
        request = new RealtimeRequest();
        code = ErrorCode.BadRequest;
        error = null;
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            if (!reader.Read())
            {
                (code, error) = (ErrorCode.ParseError, "The message is empty: send a JSON object.");
                return false;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                EnsureEnd(ref reader);
                error = "A request must be a JSON object like {\"id\":1,\"cmd\":\"bind\",\"sys\":\"sys-1\",\"mod\":\"Display\",\"index\":1,\"name\":\"power\"}.";
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string? fieldError = ReadField(json, ref reader, request, maxIdBytes, maxFieldBytes);
                error ??= fieldError;
            }
            EnsureEnd(ref reader);
        }
        catch (JsonException ex)
        {
            (code, error) = (ErrorCode.ParseError, $"Invalid JSON: {ex.Message}");
            return false;
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader accepts a \uD800-style escape with no partner, then throws this (not JsonException)
            // when the string is compared or read: such a string has no UTF-8 form, so the message is not usable JSON.
            (code, error) = (ErrorCode.ParseError,
                "Invalid JSON: a string contains an escaped lone surrogate (e.g. \\ud800 without its pair); send valid UTF-16 escapes or plain UTF-8.");
            return false;
        }
        return error is null;
    }

    /// <summary>Reads one property's value; returns what is wrong with it, or null.</summary>
    private static string? ReadField(ReadOnlySpan<byte> json, ref Utf8JsonReader reader, RealtimeRequest request, int maxIdBytes, int maxFieldBytes)
    {
        if (reader.ValueTextEquals("id"u8))
        {
            reader.Read();
            if (reader.TokenType is JsonTokenType.Number or JsonTokenType.String)
            {
                // The raw token (quotes and escapes included) is echoed as it came.
                var raw = json[(int)reader.TokenStartIndex..(int)reader.BytesConsumed];
                if (raw.Length > maxIdBytes)
                {
                    return $"id is {raw.Length} bytes long; at most {maxIdBytes} are accepted.";
                }
                request.Id = raw.ToArray();
                return null;
            }
            reader.Skip();
            return $"id must be a number or a string, not {Describe(reader.TokenType)}.";
        }
        if (reader.ValueTextEquals("cmd"u8))
        {
            string? wrong = ReadString(ref reader, "cmd", -1, out var value);
            request.Command = value;
            return wrong;
        }
        if (reader.ValueTextEquals("sys"u8))
        {
            string? wrong = ReadString(ref reader, "sys", maxFieldBytes, out var value);
            request.System = value;
            return wrong;
        }
        if (reader.ValueTextEquals("mod"u8))
        {
            string? wrong = ReadString(ref reader, "mod", maxFieldBytes, out var value);
            request.Module = value;
            return wrong;
        }
        if (reader.ValueTextEquals("name"u8))
        {
            string? wrong = ReadString(ref reader, "name", maxFieldBytes, out var value);
            request.Name = value;
            return wrong;
        }
        if (reader.ValueTextEquals("index"u8))
        {
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    request.Index = 1;
                    return null;
                case JsonTokenType.Number when reader.TryGetInt32(out int index) && index >= 1:
                    request.Index = index;
                    return null;
                default:
                    reader.Skip();
                    return "index must be a whole number from 1 (the first module of that name is 1).";
            }
        }
        if (reader.ValueTextEquals("args"u8))
        {
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    request.Args = null;
                    return null;
                case JsonTokenType.StartArray or JsonTokenType.StartObject:
                    int start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    request.Args = json[start..(int)reader.BytesConsumed].ToArray();
                    return null;
                default:
                    return $"args must be an array (positional) or an object (named), not {Describe(reader.TokenType)}.";
            }
        }
        reader.Read();
        reader.Skip(); // unknown fields are ignored, as PlaceOS does
        return null;
    }

    /// <summary>Reads a string field; <paramref name="maxBytes"/> (when not -1) bounds its unescaped UTF-8 length.</summary>
    private static string? ReadString(ref Utf8JsonReader reader, string field, int maxBytes, out string? value)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                value = reader.GetString();
                // The raw token is never shorter than its unescaped form, so most strings need no count.
                int raw = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
                if (maxBytes >= 0 && raw > maxBytes && System.Text.Encoding.UTF8.GetByteCount(value!) is var length && length > maxBytes)
                {
                    value = null;
                    return $"{field} is {length} bytes long; at most {maxBytes} are accepted (RealtimeOptions.MaxFieldBytes).";
                }
                return null;
            case JsonTokenType.Null:
                value = null;
                return null;
            default:
                value = null;
                reader.Skip();
                return $"{field} must be a string, not {Describe(reader.TokenType)}.";
        }
    }

    /// <summary>Reading past the value throws on trailing content, which makes the message invalid JSON.</summary>
    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException($"unexpected {Describe(reader.TokenType)} after the request object.");
        }
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject or JsonTokenType.EndObject => "an object",
        JsonTokenType.StartArray or JsonTokenType.EndArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };
}
