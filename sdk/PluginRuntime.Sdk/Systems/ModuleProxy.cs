using System.Text.Json;
using PluginRuntime.Sdk.Hosting;

namespace PluginRuntime.Sdk.Systems;

/// <summary>Another module of the same system, addressed by name and index. Calls go through the host's exec.</summary>
public sealed class ModuleProxy
{
    private readonly ISystemAccess _access;
    private readonly JsonSerializerOptions _json;

    internal ModuleProxy(ISystemAccess access, ModuleAddress address, JsonSerializerOptions json)
    {
        _access = access;
        Address = address;
        _json = json;
    }

    /// <summary>The module's <c>Name_index</c>.</summary>
    public ModuleAddress Address { get; }

    /// <summary>Calls a method with positional arguments and returns its JSON result.</summary>
    public Task<JsonElement> CallAsync(string method, params object?[] args) =>
        _access.CallAsync(Address, method, JsonSerializer.SerializeToElement(args, _json), CancellationToken.None);

    /// <summary>Calls a method with positional arguments and reads its result as <typeparamref name="T"/>.</summary>
    public async Task<T?> CallAsync<T>(string method, params object?[] args)
    {
        var result = await CallAsync(method, args).ConfigureAwait(false);
        return result.Deserialize<T>(_json);
    }

    /// <summary>Reads one status value as <typeparamref name="T"/>; default when unset.</summary>
    public T? Status<T>(string key) =>
        _access.TryGetStatus(Address, key, out var value) ? value.Deserialize<T>(_json) : default;

    /// <summary>
    /// Subscribes to a status key: the current value arrives first (if set), then every change; null when deleted.
    /// Dispose the result to stop. Ends with the module automatically.
    /// </summary>
    public IDisposable Subscribe(string key, Func<JsonElement?, Task> onChange) => _access.Subscribe(Address, key, onChange);

    /// <inheritdoc />
    public override string ToString() => Address.ToString();
}
