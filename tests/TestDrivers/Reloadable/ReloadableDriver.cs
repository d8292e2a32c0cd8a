using PluginRuntime.Sdk;

namespace TestDrivers.Reloadable;

/// <summary>
/// Built twice from this one file (Reloadable.V1 and Reloadable.V2, same assembly name) so tests can "rebuild" a
/// driver by copying the other build over the watched file.
/// </summary>
[Driver("Reloadable", DefaultModuleName = "Reloadable")]
public sealed class ReloadableDriver : Driver
{
#if V2
    private const string Version = "v2";
#else
    private const string Version = "v1";
#endif

    /// <summary>Which build is running.</summary>
    public string WhichVersion() => Version;

    /// <summary>Counts calls in status, so tests can see the count survive a reload.</summary>
    public int Increment()
    {
        int next = GetStatus<int>("count") + 1;
        SetStatus("count", next);
        return next;
    }

    protected override Task OnLoadAsync(CancellationToken cancellationToken)
    {
        SetStatus("version", Version);
        return Task.CompletedTask;
    }
}
