using System.Text.Json;

namespace PluginRuntime.Sdk.Hosting;

/// <summary>Cross-module access within the calling module's system, addressed as <c>Name_index</c>.</summary>
public interface ISystemAccess
{
    /// <summary>The system's id.</summary>
    string SystemId { get; }

    /// <summary>The modules of the system whose driver implements <paramref name="capability"/>, in system order.</summary>
    IReadOnlyList<ModuleAddress> FindModules(Type capability);

    /// <summary>Calls a method on a module of the system with JSON arguments (array or object); returns its JSON result.</summary>
    Task<JsonElement> CallAsync(ModuleAddress module, string method, JsonElement args, CancellationToken cancellationToken);

    /// <summary>Reads one status value of a module of the system.</summary>
    bool TryGetStatus(ModuleAddress module, string key, out JsonElement value);

    /// <summary>
    /// Subscribes to one status key of a module of the system. The current value (if any) arrives first; then each
    /// change, null when the key is deleted. The module need not exist yet. Dispose to stop.
    /// </summary>
    IDisposable Subscribe(ModuleAddress module, string key, Func<JsonElement?, Task> onChange);
}
