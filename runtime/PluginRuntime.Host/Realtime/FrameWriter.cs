using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Logging;

namespace PluginRuntime.Host.Realtime;

/// <summary>
/// Writes the protocol's messages with one reused <see cref="Utf8JsonWriter"/> and buffer. Not thread-safe: the
/// <see cref="OutboundBuffer"/> keeps one per thread, and the message is copied out before the thread renders another.
/// Raw JSON (ids, method results, status values) is embedded as it is, never re-serialised.
/// </summary>
internal sealed class FrameWriter
{
    // Frames are built by this code only, so the writer's structural validation would only cost time.
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };
    private const int ShrinkAbove = 1024 * 1024;

    private ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;

    public FrameWriter() => _json = new Utf8JsonWriter(_buffer, Options);

    /// <summary>
    /// The constant start of a binding's notify frame, up to and including <c>"value":</c>; the outbound buffer appends
    /// the value and <c>}</c>. Built once per bind, so a notification costs two copies.
    /// The seed's example shows <c>value</c> as stringified JSON (<c>"[]"</c>); this runtime sends the value as JSON
    /// itself (<c>[]</c>), as the project's design asks — clients then need no second parse.
    /// </summary>
    public static byte[] NotifyPrefix(RealtimeRequest bind)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            WriteId(json, bind.Id);
            json.WriteString("type"u8, "notify"u8);
            WriteMeta(json, bind, withName: true);
            json.WritePropertyName("value"u8);
            json.Flush(); // the object stays open: the value and the closing brace come per notification
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>success</c> for bind and unbind: id and meta.</summary>
    public ReadOnlyMemory<byte> Success(RealtimeRequest request)
    {
        var json = Begin();
        json.WriteStartObject();
        WriteId(json, request.Id);
        json.WriteString("type"u8, "success"u8);
        WriteMeta(json, request, withName: true);
        json.WriteEndObject();
        return End();
    }

    /// <summary><c>success</c> for exec: id, meta and the method's result.</summary>
    public ReadOnlyMemory<byte> ExecSuccess(RealtimeRequest request, byte[] result)
    {
        var json = Begin();
        json.WriteStartObject();
        WriteId(json, request.Id);
        json.WriteString("type"u8, "success"u8);
        WriteMeta(json, request, withName: true);
        json.WritePropertyName("value"u8);
        json.WriteRawValue(result, skipInputValidation: true); // serialised by the runtime from the method's return value
        json.WriteEndObject();
        return End();
    }

    /// <summary><c>success</c> for debug: the module id being watched, and meta without a name, as the seed shows.</summary>
    public ReadOnlyMemory<byte> DebugSuccess(RealtimeRequest request, string moduleId)
    {
        var json = Begin();
        json.WriteStartObject();
        WriteId(json, request.Id);
        json.WriteString("type"u8, "success"u8);
        json.WriteString("mod_id"u8, moduleId);
        WriteMeta(json, request, withName: false);
        json.WriteEndObject();
        return End();
    }

    /// <summary><c>success</c> for ignore: the id only, as the seed shows.</summary>
    public ReadOnlyMemory<byte> IgnoreSuccess(RealtimeRequest request)
    {
        var json = Begin();
        json.WriteStartObject();
        WriteId(json, request.Id);
        json.WriteString("type"u8, "success"u8);
        json.WriteEndObject();
        return End();
    }

    /// <summary>An error; <c>code</c> and <c>error_code</c> carry the same number, for clients that read either.</summary>
    public ReadOnlyMemory<byte> Error(RealtimeRequest? request, ErrorCode code, string message)
    {
        var json = Begin();
        json.WriteStartObject();
        WriteId(json, request?.Id);
        json.WriteString("type"u8, "error"u8);
        json.WriteNumber("code"u8, (int)code);
        json.WriteNumber("error_code"u8, (int)code);
        json.WriteString("msg"u8, message);
        json.WriteEndObject();
        return End();
    }

    public ReadOnlyMemory<byte> Debug(string moduleId, string klass, LogLevel level, string message)
    {
        var json = Begin();
        json.WriteStartObject();
        json.WriteString("type"u8, "debug"u8);
        json.WriteString("mod"u8, moduleId);
        json.WriteString("klass"u8, klass);
        json.WriteString("level"u8, LevelName(level));
        json.WriteString("msg"u8, message);
        json.WriteEndObject();
        return End();
    }

    public ReadOnlyMemory<byte> Debug(ModuleLogEntry entry, string klass) => Debug(entry.ModuleId, klass, entry.Level, entry.Message);

    /// <summary>After a large frame (a big method result), lets the big buffer go rather than keep it per connection.</summary>
    public void TrimAfterUse()
    {
        if (_buffer.Capacity > ShrinkAbove)
        {
            _buffer = new ArrayBufferWriter<byte>(1024);
        }
    }

    private static ReadOnlySpan<byte> LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug"u8,
        LogLevel.Information => "info"u8,
        LogLevel.Warning => "warn"u8,
        _ => "error"u8,
    };

    private Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        return _json;
    }

    private ReadOnlyMemory<byte> End()
    {
        _json.Flush();
        return _buffer.WrittenMemory;
    }

    private static void WriteId(Utf8JsonWriter json, byte[]? id)
    {
        json.WritePropertyName("id"u8);
        if (id is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteRawValue(id, skipInputValidation: true); // a number or string token the parser already read
        }
    }

    private static void WriteMeta(Utf8JsonWriter json, RealtimeRequest request, bool withName)
    {
        json.WriteStartObject("meta"u8);
        json.WriteString("sys"u8, request.System);
        json.WriteString("mod"u8, request.Module);
        json.WriteNumber("index"u8, request.Index);
        if (withName)
        {
            json.WriteString("name"u8, request.Name);
        }
        json.WriteEndObject();
    }
}
