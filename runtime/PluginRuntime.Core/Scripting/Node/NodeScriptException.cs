namespace PluginRuntime.Core.Scripting.Node;

/// <summary>Driver code in Node.js threw: the JavaScript error's message, and where in the driver's files it was thrown.</summary>
internal sealed class NodeScriptException(string message, string? where)
    : Exception(where is null ? message : $"{message} (at {where})")
{
    /// <summary>The script location (<c>path:line:col</c>) of the throw, when it was in the driver's own files.</summary>
    public string? Where { get; } = where;
}

/// <summary>The Node.js process a request went to is gone (crashed, killed as hung, or retired).</summary>
internal sealed class NodeProcessDownException(string reason) : Exception($"The driver's Node.js process is down: {reason}.")
{
    public string Reason { get; } = reason;
}
