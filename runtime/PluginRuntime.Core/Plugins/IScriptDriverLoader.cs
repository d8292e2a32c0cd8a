using PluginRuntime.Core.Config;

namespace PluginRuntime.Core.Plugins;

/// <summary>
/// Loads drivers written as source files (the config's <c>script:</c> key), one loader per language. The engine picks
/// the loader by file extension, loads again when a watched file changes, and retires the old load through
/// <see cref="LoadedDriver.Retire"/> once its modules have stopped.
/// </summary>
internal interface IScriptDriverLoader
{
    /// <summary>The file extensions this loader takes, with the dot (".cs", ".csx").</summary>
    IReadOnlyCollection<string> Extensions { get; }

    /// <summary>Compiles or starts the script and describes its driver.</summary>
    /// <exception cref="DriverLoadException">
    /// The script can't be used; the message says why (compile errors as <c>path(line,col): error CSxxxx: message</c>).
    /// </exception>
    Task<LoadedDriver> LoadAsync(DriverConfig driver, CancellationToken cancellationToken);
}
