using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Engine;
using PluginRuntime.Core.Exec;
using PluginRuntime.Host.Mqtt;

namespace PluginRuntime.Host.Tests.Mqtt.Support;

/// <summary>
/// The real host on 127.0.0.1:0 with a temp config folder: the org and two API keys (admin, user) are written for
/// the test, which adds the rest (zones, drivers with <c>{behaviours}</c>, modules, systems, mqtt).
/// </summary>
internal sealed class MqttTestHost : IAsyncDisposable
{
    public const string Org = "org-test";
    public const string AdminKey = "admin-key-0123456789abcdef";
    public const string ViewerKey = "viewer-key-0123456789abcdef";

    private const string Header = $$"""
        org: { id: {{Org}}, name: Test Org }
        api_keys:
          - { name: admin, key: {{AdminKey}}, role: admin }
          - { name: viewer, key: {{ViewerKey}}, role: user }

        """;

    private readonly string _folder;

    private MqttTestHost(string folder, WebApplication app)
    {
        _folder = folder;
        App = app;
    }

    public WebApplication App { get; }

    public RuntimeEngine Engine => App.Services.GetRequiredService<RuntimeEngine>();

    public MqttFace Face => App.Services.GetRequiredService<MqttFace>();

    /// <summary>The embedded broker's OS-chosen TCP port.</summary>
    public int EmbeddedPort => Face.Embedded?.TcpPort ?? throw new InvalidOperationException("The embedded broker is not listening.");

    public Uri HttpAddress => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    /// <param name="yaml">The config, written to runtime.yaml after the org and the two API keys.</param>
    /// <param name="accessYaml">More access config (scoped keys, users, auth) for a second file, access.yaml.</param>
    public static async Task<MqttTestHost> StartAsync(string yaml, string? accessYaml = null)
    {
        var folder = Directory.CreateTempSubdirectory("mqttface-config-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "runtime.yaml"), Expand(yaml));
        if (accessYaml is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "access.yaml"), accessYaml);
        }
        // The folder goes to the host's own parser only: ASP.NET's would read a leading '/' as a switch.
        string[] aspNetArgs = ["--urls", "http://127.0.0.1:0"];
        var app = RuntimeHost.Build(HostCommandLine.Parse([folder, .. aspNetArgs]), aspNetArgs, builder =>
        {
            builder.Logging.ClearProviders();
        });
        var host = new MqttTestHost(folder, app);
        try
        {
            await app.StartAsync().WithTimeout("the host to start");
            Assert.True(host.Engine.ConfigErrors.Count == 0, "config should be valid:\n" + string.Join("\n", host.Engine.ConfigErrors));
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    /// <summary>
    /// Rewrites the config (header added), applies it now as the folder watcher would a moment later, and waits until
    /// the MQTT face has followed it (targets added or removed, topics queued to move).
    /// </summary>
    public async Task ApplyAsync(string yaml)
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "runtime.yaml"), Expand(yaml));
        var reconciled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnReconciled() => reconciled.TrySetResult();
        Face.Reconciled += OnReconciled;
        try
        {
            var result = await Engine.LoadAndApplyAsync(_folder).WithTimeout("the edited config to apply");
            Assert.True(result.Succeeded, "config should be valid:\n" + string.Join("\n", result.Errors));
            // The face follows the engine on its own loop; the next reconcile sees this config (or a later one).
            await reconciled.Task.WithTimeout("the MQTT face to follow the config edit");
        }
        finally
        {
            Face.Reconciled -= OnReconciled;
        }
    }

    /// <summary>Calls the Echo driver's set_value(key, value) on <c>Echo_index</c> of a system: the driver writes the status.</summary>
    public async Task SetValueAsync(string system, string key, int value, int index = 1)
    {
        using var args = JsonDocument.Parse($"[\"{key}\", {value}]");
        var result = await Engine.Exec.ExecAsync(system, "Echo", index, "set_value", args.RootElement.Clone(), Caller.Internal, CancellationToken.None)
            .WithTimeout($"set_value({key}, {value}) on {system}");
        Assert.True(result.IsSuccess, $"set_value should succeed but gave {result.Status}: {result.Error}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync().WithTimeout("the host to stop");
        }
        finally
        {
            await App.DisposeAsync();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string Expand(string yaml) => Header + yaml.Replace("{behaviours}", MqttRepoPaths.Behaviours, StringComparison.Ordinal);
}
