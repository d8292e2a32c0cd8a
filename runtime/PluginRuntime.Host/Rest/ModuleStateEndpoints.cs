using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using PluginRuntime.Core.Engine;
using PluginRuntime.Core.Exec;

namespace PluginRuntime.Host.Rest;

/// <summary>
/// A module addressed as <c>Name_index</c> in a system: <c>GET …/state</c>, <c>GET …/state/{key}</c> and
/// <c>GET …/interface</c>. Status values are sent as the raw JSON the driver wrote.
/// </summary>
internal static class ModuleStateEndpoints
{
    private static readonly byte[] Null = "null"u8.ToArray();

    public static RouteGroupBuilder MapModuleState(this RouteGroupBuilder api)
    {
        api.MapGet("/systems/{sys}/{module}/state", (string sys, string module, HttpContext http, RuntimeEngine engine, RestAccess access) =>
                access.TryResolve(RestAuthenticationFilter.CallerOf(http), sys, module, out var moduleId, out var problem)
                    ? StatusObject(engine, moduleId)
                    : problem)
            .WithName("GetModuleState")
            .WithSummary("A module's whole status as one JSON object of raw values; module is Name_index, e.g. Display_1.")
            .Produces<Dictionary<string, JsonElement>>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/systems/{sys}/{module}/state/{key}", (string sys, string module, string key, HttpContext http, RuntimeEngine engine, RestAccess access) =>
            {
                if (!access.TryResolve(RestAuthenticationFilter.CallerOf(http), sys, module, out var moduleId, out var problem))
                {
                    return problem;
                }
                // An absent key is null, as a websocket bind would see it: status writes of null delete keys.
                return Results.Bytes(engine.State.TryGet(moduleId, key, out var json) ? json : Null, "application/json");
            })
            .WithName("GetModuleStateKey")
            .WithSummary("One status value as raw JSON (null when the key is not set).")
            .Produces<JsonElement>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/systems/{sys}/{module}/interface", (string sys, string module, HttpContext http, RuntimeEngine engine, RestAccess access) =>
            {
                if (!access.TryResolve(RestAuthenticationFilter.CallerOf(http), sys, module, out var moduleId, out var problem))
                {
                    return problem;
                }
                if (!engine.TryGetModule(moduleId, out var instance))
                {
                    return RestProblems.For(ExecStatus.ModuleNotFound, $"Module '{moduleId}' is not available. It is not running (disabled, or its driver did not load).");
                }
                JsonObject methods = instance.DescribeInterface();
                return Results.Json(methods);
            })
            .WithName("GetModuleInterface")
            .WithSummary("The module's callable methods: each one's parameters as JSON Schema, argument order and security level.")
            .Produces<Dictionary<string, JsonElement>>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>The module's status as <c>{"key": raw value, ...}</c>, keys sorted so responses are stable.</summary>
    public static IResult StatusObject(RuntimeEngine engine, string moduleId)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, json) in engine.State.For(moduleId).Snapshot().OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(key);
                writer.WriteRawValue(json);
            }
            writer.WriteEndObject();
        }
        return Results.Bytes(buffer.WrittenSpan.ToArray(), "application/json");
    }
}
