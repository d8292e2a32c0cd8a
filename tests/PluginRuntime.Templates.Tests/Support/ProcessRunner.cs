using System.Diagnostics;
using System.Text;

namespace PluginRuntime.Templates.Tests.Support;

/// <summary>What a finished child process printed, and how it ended.</summary>
internal sealed record ProcessResult(string CommandLine, int ExitCode, string Output)
{
    /// <summary>Fails the test with the command and everything it printed unless it exited with 0.</summary>
    public ProcessResult ShouldSucceed()
    {
        Assert.True(ExitCode == 0, $"'{CommandLine}' exited with {ExitCode}:\n{Output}");
        return this;
    }
}

/// <summary>
/// Runs dotnet (or node) as a child process with a bound on how long it may take, so a hung restore or build fails
/// the test with what it printed instead of hanging the run.
/// </summary>
internal static class ProcessRunner
{
    /// <summary>Generous: a cold restore and build on a busy 2-core CI machine; still far below the CI budget.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromMinutes(4);

    /// <summary>The dotnet the tests run on (the SDK exports its path to the processes it starts), else PATH's.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
        ? host
        : "dotnet";

    public static Task<ProcessResult> DotnetAsync(string workingDirectory, params string[] args) =>
        RunAsync(Dotnet, args, workingDirectory, DefaultLimit);

    /// <summary>Runs dotnet with no network (see <see cref="Offline"/>).</summary>
    public static Task<ProcessResult> DotnetOfflineAsync(string workingDirectory, params string[] args) =>
        RunAsync(Dotnet, args, workingDirectory, DefaultLimit, Offline.Environment());

    public static async Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> args, string workingDirectory, TimeSpan limit,
        params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        Isolate(start.Environment);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        string commandLine = fileName + " " + string.Join(' ', args);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{commandLine}' in {workingDirectory} did not finish within {limit.TotalMinutes} min; it printed:\n{Snapshot(output)}");
        }
        // The exit event can beat the last redirected lines; this overload waits for the streams to drain.
        process.WaitForExit();
        return new ProcessResult(commandLine, process.ExitCode, Snapshot(output));
    }

    /// <summary>
    /// The test host inherits MSBuild and test-platform variables from the `dotnet test` that started it; a child build
    /// must not (they would point it at this build's MSBuild and settings). No build servers either: each child
    /// build ends with its process, leaving nothing running after the tests.
    /// </summary>
    private static void Isolate(IDictionary<string, string?> environment)
    {
        foreach (string key in environment.Keys.ToArray())
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase))
            {
                environment.Remove(key);
            }
        }
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["UseSharedCompilation"] = "false";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
