using System.Text.Json;

namespace PluginRuntime.Host.Tests.Support;

/// <summary>Assertions on the protocol's frames that say what was expected and show the frame otherwise.</summary>
internal static class Frames
{
    public static JsonElement AssertSuccess(JsonElement frame, int id)
    {
        Assert.True(frame.GetProperty("type").GetString() == "success", $"expected success for id {id}, got {frame}");
        Assert.Equal(id, frame.GetProperty("id").GetInt32());
        return frame;
    }

    /// <summary>Checks an error frame's code (in both code fields) and returns its message.</summary>
    public static string AssertError(JsonElement frame, int code)
    {
        Assert.True(frame.GetProperty("type").GetString() == "error", $"expected error {code}, got {frame}");
        Assert.Equal(code, frame.GetProperty("code").GetInt32());
        Assert.Equal(code, frame.GetProperty("error_code").GetInt32());
        return frame.GetProperty("msg").GetString()!;
    }

    /// <summary>Checks a notify frame's bind id and returns its value as raw JSON text.</summary>
    public static string AssertNotify(JsonElement frame, int bindId)
    {
        Assert.True(frame.GetProperty("type").GetString() == "notify", $"expected a notify for bind {bindId}, got {frame}");
        Assert.Equal(bindId, frame.GetProperty("id").GetInt32());
        return frame.GetProperty("value").GetRawText();
    }

    public static string Bind(int id, string module, string name, string sys = "sys-1", int index = 1) =>
        $$"""{"id":{{id}},"cmd":"bind","sys":"{{sys}}","mod":"{{module}}","index":{{index}},"name":"{{name}}"}""";

    public static string Unbind(int id, string module, string name, string sys = "sys-1", int index = 1) =>
        $$"""{"id":{{id}},"cmd":"unbind","sys":"{{sys}}","mod":"{{module}}","index":{{index}},"name":"{{name}}"}""";

    public static string Exec(int id, string module, string method, string args = "[]", string sys = "sys-1", int index = 1) =>
        $$"""{"id":{{id}},"cmd":"exec","sys":"{{sys}}","mod":"{{module}}","index":{{index}},"name":"{{method}}","args":{{args}}}""";
}
