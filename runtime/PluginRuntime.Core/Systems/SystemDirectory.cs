namespace PluginRuntime.Core.Systems;

/// <summary>
/// An immutable snapshot of which modules each system has and how they are addressed. Names come from the module's
/// custom name or its driver's default module name; indexes count from 1 per name in the system's list order
/// (<c>Door_1</c>, <c>Door_2</c>). A config edit builds a new snapshot.
/// </summary>
internal sealed class SystemDirectory
{
    private readonly Dictionary<string, SystemEntry> _systems;
    private readonly Dictionary<string, Dictionary<(string Name, int Index), string>> _addresses;
    private readonly Dictionary<string, string> _homeSystems;

    public static readonly SystemDirectory Empty = new([]);

    /// <param name="systems">Each system with its ordered (module id, module name) list.</param>
    public SystemDirectory(IEnumerable<(string Id, string Name, IReadOnlyList<string> ZoneIds, IReadOnlyList<(string ModuleId, string ModuleName)> Modules)> systems)
    {
        _systems = new(StringComparer.Ordinal);
        _addresses = new(StringComparer.Ordinal);
        _homeSystems = new(StringComparer.Ordinal);
        foreach (var system in systems)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            var modules = new List<SystemModule>();
            var addresses = new Dictionary<(string, int), string>();
            foreach (var (moduleId, name) in system.Modules)
            {
                int index = counts[name] = counts.GetValueOrDefault(name) + 1;
                modules.Add(new SystemModule(moduleId, name, index));
                addresses[(name, index)] = moduleId;
                _homeSystems.TryAdd(moduleId, system.Id);
            }
            _systems[system.Id] = new SystemEntry(system.Id, system.Name, system.ZoneIds, modules);
            _addresses[system.Id] = addresses;
        }
    }

    public IEnumerable<SystemEntry> Systems => _systems.Values;

    public bool TryGetSystem(string systemId, out SystemEntry system) => _systems.TryGetValue(systemId, out system!);

    /// <summary>Resolves <c>Name_index</c> in a system to a module id.</summary>
    public bool TryResolve(string systemId, string name, int index, out string moduleId)
    {
        moduleId = "";
        return _addresses.TryGetValue(systemId, out var addresses) && addresses.TryGetValue((name, index), out moduleId!);
    }

    /// <summary>The first system listing the module: where it makes cross-module calls.</summary>
    public string? HomeSystemOf(string moduleId) => _homeSystems.GetValueOrDefault(moduleId);

    /// <summary>Every place the module has, across systems.</summary>
    public IEnumerable<(SystemEntry System, SystemModule Module)> PlacesOf(string moduleId) =>
        _systems.Values.SelectMany(s => s.Modules.Where(m => m.ModuleId == moduleId).Select(m => (s, m)));
}
