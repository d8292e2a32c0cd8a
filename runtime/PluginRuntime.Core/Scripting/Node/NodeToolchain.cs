using PluginRuntime.Core.Plugins;

namespace PluginRuntime.Core.Scripting.Node;

/// <summary>Finds what a script driver needs (node, the host scripts, the typescript package) or says how to get it.</summary>
internal static class NodeToolchain
{
    public const string HostScript = "host.js";

    /// <summary>Checks the toolchain for a driver script; throws <see cref="DriverLoadException"/> naming what to run.</summary>
    public static string Check(NodeScriptOptions options, string driverId, string scriptPath)
    {
        string node = FindExecutable(options.NodeExecutable) ?? throw new DriverLoadException(
            $"Driver '{driverId}': JavaScript/TypeScript drivers run in Node.js, but '{options.NodeExecutable}' was not found. " +
            "Install Node.js 20 or later (Debian: apt-get install nodejs) or set PLUGINRUNTIME_NODE to its path.");
        if (!File.Exists(Path.Combine(options.HostFolder, HostScript)))
        {
            throw new DriverLoadException(
                $"Driver '{driverId}': the Node.js driver host is missing from '{options.HostFolder}'. Rebuild the runtime (dotnet build).");
        }
        if (IsTypeScript(scriptPath) && !File.Exists(Path.Combine(options.HostFolder, "node_modules", "typescript", "package.json")))
        {
            throw new DriverLoadException(
                $"Driver '{driverId}': TypeScript drivers need the 'typescript' npm package, which is not installed. " +
                $"Run: npm ci --prefix \"{options.HostFolder}\" (or scripts/install-test-deps.sh and rebuild).");
        }
        return node;
    }

    public static bool IsTypeScript(string path) => path.EndsWith(".ts", StringComparison.OrdinalIgnoreCase);

    private static string? FindExecutable(string name)
    {
        if (Path.IsPathRooted(name) || name.Contains(Path.DirectorySeparatorChar))
        {
            return File.Exists(name) ? name : null;
        }
        var extensions = OperatingSystem.IsWindows() ? new[] { ".exe", ".cmd", "" } : [""];
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                string candidate = Path.Combine(folder, name + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }
}
