namespace PluginRuntime.Sdk.Testing;

/// <summary>A harness expectation failed; the message says what was expected and what happened.</summary>
public sealed class HarnessAssertionException(string message) : Exception(message);
