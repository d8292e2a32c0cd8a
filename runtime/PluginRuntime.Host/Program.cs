using PluginRuntime.Host;

// Runs the runtime: `dotnet run --project runtime/PluginRuntime.Host [-- <config folder>] [--urls http://127.0.0.1:5080]`.
var options = HostCommandLine.Parse(args);
if (options.Error is not null)
{
    Console.Error.WriteLine(options.Error);
    Console.Error.WriteLine(HostCommandLine.Usage);
    return 2;
}
if (options.ShowHelp)
{
    Console.WriteLine(HostCommandLine.Usage);
    return 0;
}
var app = RuntimeHost.Build(options, [.. options.FrameworkArgs ?? []]);
await app.RunAsync();
return 0;
