namespace PluginRuntime.Sdk.Hosting;

/// <summary>
/// Runs driver code (a timer callback, a subscription callback) through the host's single invoker, which catches,
/// logs with the module id and the member name, and never lets the failure escape.
/// </summary>
/// <param name="member">What is being run, for the log: e.g. <c>schedule:every 00:00:05</c>.</param>
/// <param name="action">The driver code.</param>
public delegate Task GuardedInvoker(string member, Func<CancellationToken, Task> action);
