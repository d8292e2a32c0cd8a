using PluginRuntime.Drivers.Pdk.Tests.Support;
using PluginRuntime.Sdk.Commands;

namespace PluginRuntime.Drivers.Pdk.Tests.EndToEnd;

public sealed class SpecDrivenEndToEndTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pdk-spec-e2e-").FullName;

    [Fact]
    public async Task A_command_added_to_a_copy_of_the_spec_is_callable_once_the_file_changes_and_sends_the_declared_message()
    {
        string path = Path.Combine(_directory, "pdk-streaming.asyncapi.yaml");
        string original = File.ReadAllText(Settings.PdkSpec);
        File.WriteAllText(path, original);
        await using var session = await PanelSession.StartAsync(url => new { panel_url = url, token = "panel-token", spec_path = path });
        await session.Driver.NextSpecAsync("the spec loaded at start");

        File.WriteAllText(path, SpecDrivenTests.WithLockdown(original));
        var spec = await session.Driver.NextSpecAsync("the driver to notice the saved spec");

        Assert.True(spec.TryGetOutbound("door.actuate.lockdown", out _));
        // The simulated panel, like a real one, doesn't know the new command: it answers with serverError, which
        // proves the message went out as declared and came back through the result handling.
        var error = await Assert.ThrowsAsync<CommandFailedException>(() => session.Harness.ExecNamed("lockdown", new { door_id = 2, reason = "drill" }))
            .WithTimeout("the lockdown call");
        var received = (await session.Panel.WaitForEventAsync("command", "the panel to receive lockdown")).GetProperty("command");
        Assert.Equal("door.actuate.lockdown", received.GetProperty("topic").GetString());
        Assert.Equal("""{"doorId":2,"reason":"drill"}""", received.GetProperty("body").GetRawText());
        Assert.Equal("The panel refused 'door.actuate.lockdown': Command is not supported.", error.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
