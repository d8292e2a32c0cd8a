namespace PluginRuntime.Sdk.Commands;

/// <summary>
/// Thrown by a named command's task when a newer command with the same name replaced it before it was sent
/// (see <see cref="CommandOptions.Name"/>). It was never sent.
/// </summary>
public sealed class CommandSupersededException(string message, string command) : Exception(message)
{
    /// <summary>The name of the command that was replaced.</summary>
    public string Command { get; } = command;
}
