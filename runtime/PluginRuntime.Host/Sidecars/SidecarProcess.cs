using System.ComponentModel;
using System.Diagnostics;
using PluginRuntime.Core.Config;

namespace PluginRuntime.Host.Sidecars;

/// <summary>
/// One sidecar: starts its process, logs what it prints, and starts it again with exponential backoff whenever it
/// exits, until disposed (which stops it, killing its whole process tree if it doesn't exit in time).
/// </summary>
internal sealed partial class SidecarProcess : IAsyncDisposable
{
    private readonly SidecarOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _supervision;
    private Process? _process;
    private int _starts;

    public SidecarProcess(SidecarConfig config, SidecarOptions options, ILogger log, TimeProvider time)
    {
        Config = config;
        _options = options;
        _log = log;
        _time = time;
        _supervision = Task.Run(SuperviseAsync);
    }

    public SidecarConfig Config { get; }

    /// <summary>How many times the process was started.</summary>
    public int Starts => Volatile.Read(ref _starts);

    /// <summary>The running process's id, or null while it is down.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    private async Task SuperviseAsync()
    {
        var token = _stopping.Token;
        var backoff = _options.InitialBackoff;
        while (!token.IsCancellationRequested)
        {
            var startedAt = _time.GetTimestamp();
            var exit = await RunOnceAsync(token).ConfigureAwait(false);
            if (token.IsCancellationRequested)
            {
                break;
            }
            if (_time.GetElapsedTime(startedAt) >= _options.StableAfter)
            {
                backoff = _options.InitialBackoff;
            }
            LogRestarting(Config.Id, exit, backoff);
            try
            {
                await Task.Delay(backoff, _time, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
        }
    }

    /// <summary>Runs the process until it exits or the sidecar stops; says how it ended, for the log.</summary>
    private async Task<string> RunOnceAsync(CancellationToken token)
    {
        using var process = new Process { StartInfo = StartInfo(), EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) LogOutput(Config.Id, line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) LogError(Config.Id, line); };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            LogCannotStart(Config.Id, Config.Command, Config.WorkingDirectory, ex.Message);
            return "it could not start";
        }
        Interlocked.Increment(ref _starts);
        _process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        LogStarted(Config.Id, process.Id, Config.Command, string.Join(' ', Config.Arguments));
        try
        {
            await process.WaitForExitAsync(token).ConfigureAwait(false);
            return $"it exited with code {process.ExitCode}";
        }
        catch (OperationCanceledException)
        {
            await StopAsync(process).ConfigureAwait(false);
            return "stopped";
        }
        finally
        {
            _process = null;
        }
    }

    private ProcessStartInfo StartInfo()
    {
        var info = new ProcessStartInfo(Config.Command)
        {
            WorkingDirectory = Config.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // so a child that reads stdin sees it open, and ends when we go
            UseShellExecute = false,
        };
        foreach (var argument in Config.Arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in Config.Environment)
        {
            info.Environment[name] = value;
        }
        return info;
    }

    private async Task StopAsync(Process process)
    {
        try
        {
            process.StandardInput.Close(); // a polite child exits when its stdin closes
            using var grace = new CancellationTokenSource(_options.StopGrace);
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // it exited meanwhile
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _supervision.ConfigureAwait(false);
        _stopping.Dispose();
        LogStopped(Config.Id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sidecar {Id} started (pid {Pid}): {Command} {Arguments}")]
    private partial void LogStarted(string id, int pid, string command, string arguments);

    [LoggerMessage(Level = LogLevel.Information, Message = "[{Id}] {Line}")]
    private partial void LogOutput(string id, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[{Id}] {Line}")]
    private partial void LogError(string id, string line);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sidecar {Id} could not start '{Command}' in {Directory}: {Reason}. Is it installed and on PATH?")]
    private partial void LogCannotStart(string id, string command, string directory, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sidecar {Id} is down ({Exit}); starting it again in {Backoff}")]
    private partial void LogRestarting(string id, string exit, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sidecar {Id} stopped")]
    private partial void LogStopped(string id);
}
