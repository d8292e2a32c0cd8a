namespace PluginRuntime.Host.Realtime;

/// <summary>What a reply (an <see cref="OutboundItem"/>) becomes on the wire.</summary>
internal enum OutboundKind : byte
{
    /// <summary><c>success</c> with meta (bind, unbind).</summary>
    Success,

    /// <summary><c>success</c> with meta and the method's <c>value</c>.</summary>
    ExecSuccess,

    /// <summary><c>success</c> with <c>mod_id</c> and meta.</summary>
    DebugSuccess,

    /// <summary><c>success</c> with the id only, as the seed shows for ignore.</summary>
    IgnoreSuccess,

    Error,

    /// <summary>The text <c>pong</c> answering the text <c>ping</c> heartbeat.</summary>
    Pong,
}
