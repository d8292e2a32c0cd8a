namespace PluginRuntime.Sdk.Tests.Scheduling.Support;

/// <summary>One finished call through <see cref="RecordingInvoker"/>.</summary>
/// <param name="Member">The member name the scheduler passed, as the host would log it.</param>
/// <param name="StartedAt">The clock when the invoker was called.</param>
/// <param name="Error">What the callback threw, caught as the host's invoker would; null when it succeeded.</param>
internal sealed record Invocation(string Member, DateTimeOffset StartedAt, Exception? Error);
