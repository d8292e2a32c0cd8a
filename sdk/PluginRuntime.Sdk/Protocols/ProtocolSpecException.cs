namespace PluginRuntime.Sdk.Protocols;

/// <summary>
/// A protocol spec that cannot be used. The message starts with <c>file:line:col:</c> (1-based) where the problem is.
/// </summary>
public sealed class ProtocolSpecException : Exception
{
    /// <summary>Creates the exception for a problem at a position in a spec file.</summary>
    public ProtocolSpecException(string sourceName, int line, int column, string message, Exception? inner = null)
        : base($"{sourceName}:{line}:{column}: {message}", inner)
    {
        SourceName = sourceName;
        Line = line;
        Column = column;
    }

    /// <summary>The file (or the name given to <see cref="ProtocolSpec.Parse"/>).</summary>
    public string SourceName { get; }

    /// <summary>1-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>1-based column of the problem.</summary>
    public int Column { get; }
}
