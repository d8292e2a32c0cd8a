using PluginRuntime.Sdk.Hosting;

namespace PluginRuntime.Sdk.Scheduling;

/// <summary>PLACEHOLDER: replaced by the scheduling work (in / every / at / cron on TimeProvider).</summary>
public sealed class Scheduler(TimeProvider time, GuardedInvoker invoke, CancellationToken stopping)
{
    internal TimeProvider Time { get; } = time;
    internal GuardedInvoker Invoke { get; } = invoke;
    internal CancellationToken Stopping { get; } = stopping;
}
