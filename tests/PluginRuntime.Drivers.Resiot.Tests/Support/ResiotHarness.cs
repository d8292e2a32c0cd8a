using System.Text.Json;
using System.Text.Json.Nodes;
using PluginRuntime.Sdk.Testing;

namespace PluginRuntime.Drivers.Resiot.Tests.Support;

/// <summary>Starts the driver in the SDK harness with a fake websocket, and reads its status as JSON.</summary>
internal static class ResiotHarness
{
    /// <summary>A climate sensor on Cayenne LPP (the seed's device) and a counter with a JavaScript decoder.</summary>
    public static readonly object DefaultSettings = new
    {
        profiles = new Dictionary<string, object>
        {
            ["climate"] = new { decoder = "cayenne_lpp" },
        },
        devices = new Dictionary<string, object>
        {
            [Seed.DevEui] = new { profile = "climate", name = "Boardroom climate" },
        },
    };

    public static Task<DriverHarness<ResiotDriver>> StartAsync(object? settings = null) =>
        DriverHarness<ResiotDriver>.StartAsync(new HarnessOptions { Stream = true, Settings = settings ?? DefaultSettings });

    public static Task SendAsync(this DriverHarness<ResiotDriver> harness, JsonNode message) =>
        harness.Transport!.RespondAsync(message.ToJsonString());

    public static JsonNode? Json(this DriverHarness<ResiotDriver> harness, string key) =>
        harness.Status[key] is { } value ? JsonNode.Parse(value.GetRawText()) : null;

    public static JsonNode Device(this DriverHarness<ResiotDriver> harness, string devEui = Seed.DevEui) =>
        harness.Json($"device_{devEui}") ?? throw new Xunit.Sdk.XunitException($"No status device_{devEui}; keys: {string.Join(", ", harness.Status.Keys)}");

    /// <summary>The next thing the driver sent, as a JSON object.</summary>
    public static async Task<JsonObject> NextSentJsonAsync(this DriverHarness<ResiotDriver> harness)
    {
        var bytes = await harness.Transport!.NextSentAsync();
        return JsonNode.Parse(bytes)!.AsObject();
    }

    public static long Dropped(this DriverHarness<ResiotDriver> harness) => harness.Status.Get<long>("messages_dropped");

    public static string? LastDropReason(this DriverHarness<ResiotDriver> harness) =>
        harness.Status["last_dropped"] is { } dropped ? dropped.GetProperty("reason").GetString() : null;

    public static string Raw(this JsonElement element) => JsonNode.Parse(element.GetRawText())!.Compact();

    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Compact JSON without escaping '+' or '°', so expectations read like the wire.</summary>
    public static string Compact(this JsonNode node) => node.ToJsonString(Readable);
}
