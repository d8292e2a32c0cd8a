using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PluginRuntime.Host.Sidecars;

namespace PluginRuntime.Host.Tests.Sidecars;

/// <summary>
/// The host runs the config's sidecars as real child processes: logs their output, starts them again after they
/// exit, and follows live config edits.
/// </summary>
public sealed class SidecarTests : IAsyncLifetime
{
    private const string Org = "org: { id: org-test, name: Test Org }\n";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pr-sidecar-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly ListLoggerFactory _log = new();
    private WebApplication _app = null!;

    private SidecarSupervisor Supervisor => _app.Services.GetRequiredService<SidecarSupervisor>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        WriteConfig("""
            sidecars:
              - id: greeter
                command: sh
                args: ["-c", "echo hello from $GREETING; echo oops >&2; exec sleep 600"]
                env: { GREETING: sidecar }
            """);
        _app = RuntimeHost.Build(new HostCommandLine(_folder, false, null), ["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(_log);
            builder.Services.AddSingleton(new SidecarOptions
            {
                InitialBackoff = TimeSpan.FromMilliseconds(20),
                MaxBackoff = TimeSpan.FromMilliseconds(80),
                StopGrace = TimeSpan.FromMilliseconds(500),
            });
        });
        await _app.StartAsync().WithTimeout("the host to start");
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync().WithTimeout("the host to stop");
        await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private void WriteConfig(string yaml) => File.WriteAllText(Path.Combine(_folder, "runtime.yaml"), Org + yaml);

    [Fact]
    public async Task Output_reaches_the_log_with_stderr_as_warnings()
    {
        await _log.WhenLogged(m => m == "[greeter] hello from sidecar").WithTimeout("the sidecar's stdout line");
        await _log.WhenLogged(m => m == "[greeter] oops").WithTimeout("the sidecar's stderr line");
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Message == "[greeter] oops");
    }

    [Fact]
    public async Task A_sidecar_that_dies_is_started_again()
    {
        await _log.WhenLogged(m => m == "[greeter] hello from sidecar").WithTimeout("the first start");
        var sidecar = Supervisor.Running["greeter"];
        using (var first = Process.GetProcessById(sidecar.ProcessId!.Value))
        {
            first.Kill();
        }
        await _log.WhenLogged(m => m.StartsWith("Sidecar greeter is down (it exited with code", StringComparison.Ordinal))
            .WithTimeout("the supervisor to notice the exit");
        await _log.WhenLogged(m => m == "[greeter] hello from sidecar", count: 2).WithTimeout("the restart");
        Assert.Equal(2, sidecar.Starts);
    }

    [Fact]
    public async Task A_config_edit_stops_removed_sidecars_and_starts_new_ones()
    {
        await _log.WhenLogged(m => m == "[greeter] hello from sidecar").WithTimeout("the first start");
        int pid = Supervisor.Running["greeter"].ProcessId!.Value;
        using var old = Process.GetProcessById(pid);

        WriteConfig("""
            sidecars:
              - { id: other, command: sh, args: ["-c", "echo other is up; exec sleep 600"] }
            """);

        await _log.WhenLogged(m => m == "[other] other is up").WithTimeout("the new sidecar");
        await _log.WhenLogged(m => m == "Sidecar greeter stopped").WithTimeout("the removed sidecar to stop");
        await old.WaitForExitAsync().WithTimeout("the removed sidecar's process to exit");
        Assert.Equal(["other"], Supervisor.Running.Keys);
    }

    [Fact]
    public async Task A_program_that_does_not_exist_is_reported_and_the_host_keeps_running()
    {
        WriteConfig("""
            sidecars:
              - { id: ghost, command: no-such-program-here }
            """);

        await _log.WhenLogged(m => m.StartsWith("Sidecar ghost could not start 'no-such-program-here'", StringComparison.Ordinal))
            .WithTimeout("the start failure to be logged");
        await _log.WhenLogged(m => m.StartsWith("Sidecar ghost is down (it could not start)", StringComparison.Ordinal), count: 2)
            .WithTimeout("retries with backoff");
        Assert.Equal(0, Supervisor.Running["ghost"].Starts);
    }
}
