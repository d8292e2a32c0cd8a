namespace PluginRuntime.Sdk.Commands;

/// <summary>Thrown by a command's task when its last attempt got no response within the timeout.</summary>
public sealed class CommandTimeoutException(string message, string command, int attempts, Exception? innerException = null)
    : CommandFailedException(message, command, attempts, innerException);
