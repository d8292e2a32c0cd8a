using System.Buffers;
using System.Text.Json;

namespace PluginRuntime.Sdk;

public abstract partial class Driver
{
    private readonly Lock _statusLock = new();
    private ArrayBufferWriter<byte>? _statusBuffer;
    private Utf8JsonWriter? _statusWriter;

    /// <summary>
    /// Reads or writes a status value. Reading gives the stored JSON (or null); writing serialises the value, and a
    /// write whose JSON equals the current JSON changes nothing. Writing null deletes the key.
    /// </summary>
    protected object? this[string key]
    {
        get => GetStatus<JsonElement?>(key);
        set => SetStatus(key, value);
    }

    /// <summary>
    /// Writes a status value. Returns true when it changed (and was published to every subscriber), false when its
    /// JSON is the same as before. Null deletes the key and notifies null.
    /// </summary>
    protected bool SetStatus<T>(string key, T value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (value is null || value is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined })
        {
            return Context.RemoveStatus(key);
        }

        lock (_statusLock)
        {
            // One reusable buffer per driver: an unchanged write serialises into it, compares, and allocates nothing.
            var buffer = _statusBuffer ??= new ArrayBufferWriter<byte>(256);
            buffer.ResetWrittenCount();
            var writer = _statusWriter ??= new Utf8JsonWriter(buffer);
            writer.Reset(buffer);
            JsonSerializer.Serialize(writer, value, JsonOptions);
            writer.Flush();
            return buffer.WrittenSpan.SequenceEqual("null"u8)
                ? Context.RemoveStatus(key) // a value whose JSON is null (a custom converter, an empty JsonNode) deletes too
                : Context.WriteStatus(key, buffer.WrittenSpan);
        }
    }

    /// <summary>Reads a status value as <typeparamref name="T"/>; default when the key is not set.</summary>
    protected T? GetStatus<T>(string key)
    {
        if (!Context.TryGetStatus(key, out var json))
        {
            return default;
        }
        return JsonSerializer.Deserialize<T>(json.Span, JsonOptions);
    }

    /// <summary>True when the status key is set.</summary>
    protected bool HasStatus(string key) => Context.TryGetStatus(key, out _);
}
