using System.Text.Json;
using Microsoft.Extensions.Logging;
using PluginRuntime.Sdk.Transports;

namespace PluginRuntime.Sdk.Hosting;

/// <summary>
/// What a host (the runtime, or the test harness) gives a driver instance. Driver authors use the members of
/// <see cref="Driver"/>; this interface is for hosts.
/// </summary>
public interface IDriverContext
{
    /// <summary>The module's id, e.g. <c>mod-projector-1</c>.</summary>
    string ModuleId { get; }

    /// <summary>A logger scoped to the module.</summary>
    ILogger Logger { get; }

    /// <summary>The clock every schedule and timeout runs on; tests replace it.</summary>
    TimeProvider Time { get; }

    /// <summary>Cancelled when the module stops; everything the driver started should end with it.</summary>
    CancellationToken Stopping { get; }

    /// <summary>The merged settings (module &gt; system &gt; zones &gt; driver defaults) as a JSON object.</summary>
    JsonElement Settings { get; }

    /// <summary>Reads a status value as UTF-8 JSON.</summary>
    bool TryGetStatus(string key, out ReadOnlyMemory<byte> utf8Json);

    /// <summary>Writes a status value given as UTF-8 JSON. Returns false, and notifies nobody, when it is unchanged.</summary>
    bool WriteStatus(string key, ReadOnlySpan<byte> utf8Json);

    /// <summary>Deletes a status key and notifies null. Returns false when the key did not exist.</summary>
    bool RemoveStatus(string key);

    /// <summary>Runs driver code through the host's invoker (catch, log with module id and member).</summary>
    GuardedInvoker Invoke { get; }

    /// <summary>The module's byte-stream connection, or null when its config has none.</summary>
    IStreamTransport? Stream { get; }

    /// <summary>An HTTP client rooted at the module's uri, or null when its config has none.</summary>
    HttpClient? Http { get; }

    /// <summary>The system the module belongs to, for cross-module calls; null outside any system.</summary>
    ISystemAccess? System { get; }
}
