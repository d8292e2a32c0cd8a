using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Modules;

namespace PluginRuntime.Core.Plugins;

/// <summary>The script languages this runtime can load drivers from; one line per language.</summary>
internal static class ScriptLoaders
{
    public static IReadOnlyList<IScriptDriverLoader> CreateDefault(RuntimeOptions options, ILoggerFactory loggerFactory)
    {
        return
        [
            new Scripting.CSharp.CSharpScriptDriverLoader(options, loggerFactory),
            new Scripting.Node.NodeDriverLoader(options, loggerFactory),
        ];
    }
}
