using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PluginRuntime.Core.Tests.Transports;

/// <summary>A real WebSocket server (Kestrel on loopback, port 0) whose accepted sockets the test drives.</summary>
internal sealed class WebSocketTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<Peer> _accepted = Channel.CreateUnbounded<Peer>();
    private readonly CancellationTokenSource _stopping = new();

    private WebSocketTestServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    /// <summary><c>ws://127.0.0.1:port/</c>.</summary>
    public Uri BaseUri { get; }

    public static async Task<WebSocketTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        WebSocketTestServer? server = null;
        app.Map("/device", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var peer = new Peer(socket, context.Request.QueryString.Value ?? "");
            server!._accepted.Writer.TryWrite(peer);
            // The test decides when this connection ends.
            try
            {
                await peer.Finished.WaitAsync(server._stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // The server is stopping.
            }
        });
        await app.StartAsync().WithTimeout("the WebSocket test server to start");
        var http = new Uri(app.Urls.First());
        server = new WebSocketTestServer(app, new Uri($"ws://{http.Host}:{http.Port}/"));
        return server;
    }

    public Task<Peer> AcceptAsync(string what = "the transport to connect") =>
        _accepted.Reader.ReadAsync().AsTask().WithTimeout(what);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync().WithTimeout("the WebSocket test server to stop");
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    /// <summary>The server's side of one WebSocket connection.</summary>
    internal sealed class Peer(WebSocket socket, string query)
    {
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Finished => _finished.Task;

        /// <summary>The query string the client connected with.</summary>
        public string Query { get; } = query;

        public Task SendTextAsync(string text, bool endOfMessage = true) =>
            socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage, CancellationToken.None)
                .WithTimeout("the server to send");

        /// <summary>Reads one whole message.</summary>
        public async Task<(WebSocketMessageType Type, string Text, WebSocketCloseStatus? CloseStatus)> ReceiveAsync(string what)
        {
            var buffer = new byte[4096];
            var message = new MemoryStream();
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None).WithTimeout(what);
                message.Write(buffer, 0, result.Count);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // Answer the close, as a well-behaved server does.
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).WithTimeout("the close answer");
                }
                if (result.EndOfMessage)
                {
                    return (result.MessageType, Encoding.UTF8.GetString(message.ToArray()), result.CloseStatus);
                }
            }
        }

        /// <summary>Closes with the full handshake, as a well-behaved server would.</summary>
        public async Task CloseAsync()
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).WithTimeout("the close handshake");
            _finished.TrySetResult();
        }

        /// <summary>Ends the request without a close handshake, as a crashing server would.</summary>
        public void Abort()
        {
            socket.Abort();
            _finished.TrySetResult();
        }

        public void End() => _finished.TrySetResult();
    }
}
