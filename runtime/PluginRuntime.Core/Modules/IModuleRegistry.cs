using PluginRuntime.Core.Systems;

namespace PluginRuntime.Core.Modules;

/// <summary>The engine's running modules and its current system directory, as exec and cross-module access see them.</summary>
internal interface IModuleRegistry
{
    SystemDirectory Directory { get; }

    bool TryGetModule(string moduleId, out ModuleInstance module);

    /// <summary>Raised after a config change or hot reload replaced modules or the directory.</summary>
    event Action? Changed;
}
