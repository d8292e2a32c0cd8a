using PluginRuntime.Drivers.Pdk.Tests.Support;
using PluginRuntime.Sdk.Testing;

namespace PluginRuntime.Drivers.Pdk.Tests;

public sealed class SpecDrivenTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pdk-spec-").FullName;

    /// <summary>The PDK spec plus a command the seed doesn't have: door.actuate.lockdown with a reason.</summary>
    public static string WithLockdown(string spec) => spec
        .Replace("""
                  doorTryOpen:
                    $ref: '#/components/messages/doorTryOpen'
            """, """
                  doorTryOpen:
                    $ref: '#/components/messages/doorTryOpen'
                  doorActuateLockdown:
                    name: door.actuate.lockdown
                    summary: Locks the door down.
                    x-method: lockdown
                    x-arguments: body
                    payload:
                      type: object
                      required: [id, topic, body]
                      properties:
                        id: { type: string }
                        topic: { const: door.actuate.lockdown }
                        body:
                          type: object
                          required: [doorId]
                          properties:
                            doorId: { type: integer }
                            reason: { type: string }
            """, StringComparison.Ordinal);

    [Fact]
    public async Task A_command_added_to_the_spec_file_becomes_a_method_that_sends_the_declared_message()
    {
        string path = Path.Combine(_directory, "pdk.yaml");
        string original = File.ReadAllText(Settings.PdkSpec);
        File.WriteAllText(path, original);
        await using var harness = await PdkHarness.StartAsync(new { panel_url = "http://127.0.0.1:6006", token = "t", spec_path = path });
        Assert.DoesNotContain(harness.Driver.DeclaredMethods, m => m.Name == "lockdown");

        File.WriteAllText(path, WithLockdown(original));
        Assert.Contains("lockdown", (await harness.Exec("reload_spec").WithTimeout("reload_spec")).EnumerateArray().Select(e => e.GetString()));

        var call = harness.ExecNamed("lockdown", new { door_id = 2, reason = "drill" });
        var (eventName, payload) = await harness.Driver.Panel.NextEmitAsync("the lockdown command");
        harness.Driver.Panel.Deliver("command.result.succeed", PdkEvents.Succeeded(payload["id"]!.GetValue<string>()));
        await call.WithTimeout("the lockdown call");

        Assert.Equal("command", eventName);
        Assert.Equal("door.actuate.lockdown", payload["topic"]!.GetValue<string>());
        Assert.Equal("""{"door_id":2,"reason":"drill"}""".Replace("door_id", "doorId", StringComparison.Ordinal), payload["body"]!.ToJsonString());
        Assert.Contains("lockdown", harness.Status["spec"]!.Value.GetProperty("commands").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_broken_spec_edit_keeps_the_previous_methods_and_says_where_it_is_broken()
    {
        string path = Path.Combine(_directory, "pdk.yaml");
        File.WriteAllText(path, File.ReadAllText(Settings.PdkSpec));
        await using var harness = await PdkHarness.StartAsync(new { panel_url = "http://127.0.0.1:6006", token = "t", spec_path = path });

        File.WriteAllText(path, "asyncapi: 3.0.0\ninfo: [broken\n");
        await harness.Exec("reload_spec").WithTimeout("reload_spec");

        Assert.Contains(harness.Driver.DeclaredMethods, m => m.Name == "dwell_open");
        Assert.Contains(harness.Logs, l => l.Message.Contains($"{path}:", StringComparison.Ordinal) && l.Message.Contains("not valid YAML", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pointing_spec_path_at_a_missing_file_fails_the_settings_change_and_keeps_the_spec_in_use()
    {
        await using var harness = await PdkHarness.StartAsync();
        string missing = Path.Combine(_directory, "missing.yaml");

        await harness.ChangeSettingsAsync(new { panel_url = "http://127.0.0.1:6006", token = "token-1", spec_path = missing });

        var error = Assert.Single(harness.Errors);
        Assert.StartsWith($"{missing}:1:1: cannot read the spec file", error.Message, StringComparison.Ordinal);
        Assert.Contains(harness.Driver.DeclaredMethods, m => m.Name == "dwell_open");
        Assert.Equal(Settings.PdkSpec, harness.Status["spec"]!.Value.GetProperty("source").GetString());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
