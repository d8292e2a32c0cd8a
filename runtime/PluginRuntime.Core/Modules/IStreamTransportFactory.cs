using Microsoft.Extensions.Logging;
using PluginRuntime.Sdk.Transports;

namespace PluginRuntime.Core.Modules;

/// <summary>Creates the byte-stream connection a module's config asks for (TCP or WebSocket).</summary>
internal interface IStreamTransportFactory
{
    /// <summary>A transport that is not started yet, or null when the connection is not a stream kind.</summary>
    IManagedStreamTransport? Create(ModuleConnection connection, IFrameDecoder? framing, StreamEvents events, ILogger logger);
}

/// <summary>A stream transport the host owns: it starts it, and disposes it when the module stops or reconnects.</summary>
internal interface IManagedStreamTransport : IStreamTransport, IAsyncDisposable
{
    void Start();
}

/// <summary>What a stream transport reports to its module, from one receive loop, in order.</summary>
internal sealed record StreamEvents(Func<ReadOnlyMemory<byte>, Task> OnFrame, Func<Task> OnConnected, Func<Task> OnDisconnected);
