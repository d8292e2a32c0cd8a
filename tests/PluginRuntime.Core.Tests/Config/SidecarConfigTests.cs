using PluginRuntime.Core.Config;

namespace PluginRuntime.Core.Tests.Config;

/// <summary>The <c>sidecars:</c> section: the model it loads into and each error, with its position.</summary>
public sealed class SidecarConfigTests : IDisposable
{
    private const string Org = "org: { id: org-acme, name: Acme Corp }\n";
    private readonly TempConfigFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Test(string yaml) => _folder.Write("test.yaml", Org + yaml);

    [Fact]
    public void Entries_load_with_paths_resolved_against_the_config_folder_and_disabled_ones_left_out()
    {
        Directory.CreateDirectory(_folder.PathOf("sims"));
        Test("""
            sidecars:
              - id: door-sim
                command: node
                args: [panel.js, --port, "3101"]
                cwd: sims
                env: { PANEL_TOKEN: abc }
              - { id: local-tool, command: ./bin/tool }
              - { id: off, command: node, enabled: false }
            """);

        var config = _folder.LoadValid();

        Assert.Equal(2, config.Sidecars.Length);
        var door = config.Sidecars[0];
        Assert.Equal(("door-sim", "node", _folder.PathOf("sims")), (door.Id, door.Command, door.WorkingDirectory));
        Assert.Equal(["panel.js", "--port", "3101"], door.Arguments);
        Assert.Equal("abc", door.Environment["PANEL_TOKEN"]);
        var tool = config.Sidecars[1];
        Assert.Equal((_folder.PathOf("bin/tool"), _folder.Root), (tool.Command, tool.WorkingDirectory));
        Assert.Empty(tool.Arguments);
    }

    [Fact]
    public void Missing_commands_duplicate_ids_bad_folders_and_unknown_keys_are_each_explained()
    {
        var file = Test("""
            sidecars:
              - { id: a }
              - { id: b, command: node, cwd: nowhere }
              - { id: b, command: node }
              - { id: c, command: node, arguments: [x] }
              - { id: d, command: node, env: [x] }
            """);

        _folder.ExpectErrors(
            $"{file}:3:5: sidecar 'a' is missing 'command'; name the program to run, e.g. `command: node`",
            $"{file}:4:34: sidecar 'b': working folder '{_folder.PathOf("nowhere")}' does not exist (relative paths start at the config folder)",
            $"{file}:5:11: sidecar id 'b' is already declared at {file}:4:11; ids must be unique",
            $"{file}:6:29: unknown key 'arguments' in a sidecar; valid keys are: id, command, args, cwd, env, enabled",
            $"{file}:7:34: sidecar 'd': 'env' must be a mapping of variable names to values, e.g. `env: {{ PORT: \"3101\" }}`");
    }
}
