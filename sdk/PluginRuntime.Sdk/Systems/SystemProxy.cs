using System.Text.Json;
using PluginRuntime.Sdk.Hosting;

namespace PluginRuntime.Sdk.Systems;

/// <summary>The modules of the calling module's system: <c>System["Display", 1]</c>, or by capability.</summary>
public sealed class SystemProxy
{
    private readonly ISystemAccess _access;
    private readonly JsonSerializerOptions _json;

    internal SystemProxy(ISystemAccess access, JsonSerializerOptions json)
    {
        _access = access;
        _json = json;
    }

    /// <summary>The system's id.</summary>
    public string Id => _access.SystemId;

    /// <summary>The module named <paramref name="name"/> at 1-based <paramref name="index"/> (it need not exist yet).</summary>
    public ModuleProxy this[string name, int index = 1] => new(_access, new ModuleAddress(name, index), _json);

    /// <summary>The modules whose driver implements <typeparamref name="TCapability"/>, in system order.</summary>
    public IReadOnlyList<ModuleProxy> Implementing<TCapability>() where TCapability : class =>
        _access.FindModules(typeof(TCapability)).Select(a => new ModuleProxy(_access, a, _json)).ToArray();
}
