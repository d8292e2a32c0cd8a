using System.Diagnostics;
using System.Globalization;
using PluginRuntime.CSharpScriptBench;

// Measures C# script drivers on this machine:
//   dotnet run -c Release --project tests/PluginRuntime.CSharpScriptBench -- [--iterations N]
// Cold figures come from fresh child processes of this same program (--probe-cold, --probe-cache-hit), since "cold"
// only happens once per process.
if (args is ["--probe-cold", var coldFolder])
{
    Console.WriteLine(Probes.Cold(coldFolder));
    return 0;
}
if (args is ["--probe-cache-hit", var probeScript, var probeCache])
{
    Console.WriteLine(await Probes.CacheHitAsync(probeScript, probeCache));
    return 0;
}

int iterations = args is ["--iterations", var n] ? int.Parse(n, CultureInfo.InvariantCulture) : 20;
string work = Path.Combine(Path.GetTempPath(), "pr-csbench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(work);
try
{
    Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores, {iterations} iterations per figure");

    var coldReferences = new Samples("cold: read reference assemblies (first in process)");
    var coldCompile = new Samples("cold: first compile in a fresh process");
    for (int i = 0; i < 5; i++)
    {
        var (references, compile) = ParsePair(RunChild("--probe-cold", Path.Combine(work, $"cold-{i}")));
        coldReferences.Add(references);
        coldCompile.Add(compile);
    }
    Console.WriteLine(coldReferences);
    Console.WriteLine(coldCompile);

    Console.WriteLine(Measurements.WarmCompile(work, iterations));

    var (inProcess, script, cacheFolder) = await Measurements.CacheHitAsync(work, iterations);
    Console.WriteLine(inProcess);
    var restart = new Samples("cache-hit load, first in a fresh process (a restart)");
    for (int i = 0; i < 5; i++)
    {
        restart.Add(TimeSpan.FromMilliseconds(double.Parse(RunChild("--probe-cache-hit", script, cacheFolder), CultureInfo.InvariantCulture)));
    }
    Console.WriteLine(restart);

    foreach (var line in await Measurements.SaveToNewBehaviourAsync(work, iterations))
    {
        Console.WriteLine(line);
    }
    return 0;
}
finally
{
    Directory.Delete(work, recursive: true);
}

static string RunChild(params string[] arguments)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
    {
        start.ArgumentList.Add(typeof(Samples).Assembly.Location);
    }
    foreach (string argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }
    using var child = Process.Start(start)!;
    string output = child.StandardOutput.ReadToEnd().Trim();
    child.WaitForExit();
    return child.ExitCode == 0 ? output : throw new InvalidOperationException($"probe {arguments[0]} failed: {output}");
}

static (TimeSpan, TimeSpan) ParsePair(string line)
{
    var parts = line.Split(' ').Select(p => TimeSpan.FromMilliseconds(double.Parse(p, CultureInfo.InvariantCulture))).ToArray();
    return (parts[0], parts[1]);
}
