using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PluginRuntime.Drivers.Resiot.Tests.Support;

/// <summary>
/// The real runtime host as a child process (loopback, OS-chosen ports) running one ResIOT module against a peer,
/// with the driver loaded as a plugin from artifacts/drivers, reached through its REST API as any client would.
/// </summary>
internal sealed partial class RuntimeHostProcess : IAsyncDisposable
{
    public const string ModuleId = "mod-lora";
    public const string SystemId = "sys-lora";
    private const string ApiKey = "e2e-admin-key-0123456789";
    private static readonly TimeSpan HostStartLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    private readonly ChildProcess _process;
    private readonly string _folder;

    private RuntimeHostProcess(ChildProcess process, string folder, HttpClient http)
    {
        _process = process;
        _folder = folder;
        Http = http;
    }

    public HttpClient Http { get; }

    /// <summary>Everything the host printed: its log, including the driver's.</summary>
    public string Output => _process.Output;

    public static async Task<RuntimeHostProcess> StartAsync(Uri peer, JsonObject settings)
    {
        string folder = Path.Combine(Path.GetTempPath(), "pr-resiot-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "runtime.yaml"), $$"""
            org: { id: org-test, name: Test Org }
            drivers:
              - { id: resiot, assembly: "{{RepoPaths.DriverAssembly}}", class: PluginRuntime.Drivers.Resiot.ResiotDriver }
            modules:
              - id: {{ModuleId}}
                driver: resiot
                uri: "{{peer}}"
                settings: {{settings.ToJsonString()}}
            systems:
              - { id: {{SystemId}}, name: LoRa Network, modules: [{{ModuleId}}] }
            api_keys:
              - { name: admin, key: {{ApiKey}}, role: admin }
            mqtt:
              embedded: { port: 0, websocket: false }
            """);
        var process = ChildProcess.Start("dotnet", [RepoPaths.HostAssembly, folder],
            workingDirectory: Path.GetDirectoryName(RepoPaths.HostAssembly),
            environment: new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" });
        // Starting a .NET host is slow on a busy machine (the whole test suite runs in parallel), hence its own bound.
        var listening = await process.NextLineAsync(l => l.Contains("Now listening on: http://127.0.0.1:", StringComparison.Ordinal), "the host to listen", HostStartLimit);
        var address = ListeningAddress().Match(listening).Value;
        var http = new HttpClient { BaseAddress = new Uri(address + "/api/engine/v2/") };
        http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        return new RuntimeHostProcess(process, folder, http);
    }

    /// <summary>
    /// Waits until the host has printed <paramref name="count"/> more lines that <paramref name="match"/> accepts. Its
    /// output arrives through a pipe, so a log line can trail the status change it goes with.
    /// </summary>
    public async Task WaitForLinesAsync(Func<string, bool> match, int count, string waitingFor)
    {
        for (int seen = 0; seen < count; seen++)
        {
            await _process.NextLineAsync(match, $"{waitingFor} ({seen} of {count} so far)");
        }
    }

    /// <summary>The module's whole status.</summary>
    public async Task<JsonObject> StateAsync() =>
        (await Http.GetFromJsonAsync<JsonObject>($"modules/{ModuleId}/state"))!;

    /// <summary>Waits until the module's status satisfies <paramref name="condition"/> (status is read through REST, as a client would).</summary>
    public async Task<JsonObject> StateWhenAsync(Func<JsonObject, bool> condition, string waitingFor)
    {
        JsonObject? last = null;
        try
        {
            return await Task.Run(async () =>
            {
                while (true)
                {
                    last = await StateAsync();
                    if (condition(last))
                    {
                        return last;
                    }
                    // A polling interval, not a guess at how long anything takes: the loop ends on the condition.
                    await Task.Delay(PollInterval);
                }
            }).WithTimeout(waitingFor);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Last status: {last?.ToJsonString()}\nHost output:\n{Output}");
        }
    }

    /// <summary>Calls a method of the module through REST exec; returns the HTTP status and the body.</summary>
    public async Task<(int Status, JsonNode? Body)> ExecAsync(string method, JsonNode arguments)
    {
        using var content = new StringContent(arguments.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync($"systems/{SystemId}/LoRa_1/{method}", content);
        string body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, body.Length == 0 ? null : JsonNode.Parse(body));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex ListeningAddress();
}
