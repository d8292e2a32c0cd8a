namespace PluginRuntime.Host;

/// <summary>The host's own command-line options; ASP.NET's (like <c>--urls</c>) pass through untouched.</summary>
/// <param name="FrameworkArgs">
/// The arguments for ASP.NET's configuration: everything but the config folder, which ASP.NET would otherwise read
/// as a <c>/key</c> switch when it is an absolute path, and drop the options after it.
/// </param>
internal sealed record HostCommandLine(string ConfigFolder, bool ShowHelp, string? Error, IReadOnlyList<string>? FrameworkArgs = null)
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public const string Usage = """
        Usage: PluginRuntime.Host [<config folder>] [--urls <url>[;<url>...]]

          <config folder>  Folder of YAML config files. Default: config/demo in the repository.
          --urls           Where to listen. Default: http://127.0.0.1:5080 (loopback only).
          --help           Show this help.
        """;

    public static HostCommandLine Parse(string[] args)
    {
        string? folder = null;
        var frameworkArgs = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg is "--help" or "-h" or "-?")
            {
                return new HostCommandLine("", true, null);
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                // An ASP.NET option; its value may follow as a separate argument.
                frameworkArgs.Add(arg);
                if (!arg.Contains('=') && i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    frameworkArgs.Add(args[++i]);
                }
                continue;
            }
            if (folder is not null)
            {
                return new HostCommandLine("", false, $"Only one config folder can be given; got '{folder}' and '{arg}'.");
            }
            folder = arg;
        }
        folder ??= FindDemoConfig();
        if (folder is null)
        {
            return new HostCommandLine("", false, "No config folder given and config/demo was not found above the current directory.");
        }
        folder = Path.GetFullPath(folder);
        return Directory.Exists(folder)
            ? new HostCommandLine(folder, false, null, frameworkArgs)
            : new HostCommandLine("", false, $"Config folder '{folder}' does not exist.");
    }

    /// <summary>config/demo in the current directory or any parent, then above the host's own binaries.</summary>
    private static string? FindDemoConfig()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "config", "demo");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }
}
