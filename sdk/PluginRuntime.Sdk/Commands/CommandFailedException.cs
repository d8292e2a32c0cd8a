namespace PluginRuntime.Sdk.Commands;

/// <summary>
/// Thrown by a command's task when the driver failed it (<see cref="CommandQueue.Fail"/>) or when every attempt
/// was used up by retries or failed sends.
/// </summary>
public class CommandFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and why.</param>
    /// <param name="command">The command's name, or a preview of its bytes.</param>
    /// <param name="attempts">How many times it was sent (or tried to be).</param>
    /// <param name="innerException">The last send error, if that is why it failed.</param>
    public CommandFailedException(string message, string command, int attempts, Exception? innerException = null)
        : base(message, innerException)
    {
        Command = command;
        Attempts = attempts;
    }

    /// <summary>The command's name, or a preview of its bytes.</summary>
    public string Command { get; }

    /// <summary>How many times the command was sent (or tried to be).</summary>
    public int Attempts { get; }
}
