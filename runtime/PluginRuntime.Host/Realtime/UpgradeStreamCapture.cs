using Microsoft.AspNetCore.Http.Features;

namespace PluginRuntime.Host.Realtime;

/// <summary>
/// Hands the framework's websocket a <see cref="SharedWriteStream"/> instead of the raw upgraded stream, and keeps it,
/// so the connection's send loop can write its own batches of frames on the same stream. Installed (by
/// <see cref="RealtimeFace"/>) before the websocket middleware reads the upgrade features; works for an HTTP/1.1
/// upgrade and for HTTP/2's extended CONNECT alike.
/// </summary>
internal sealed class UpgradeStreamCapture
{
    /// <summary>The stream the websocket was given, once the request was upgraded.</summary>
    public SharedWriteStream? Stream { get; private set; }

    /// <summary>Wraps the request's upgrade features; the capture is then found in <see cref="HttpContext.Features"/>.</summary>
    public static void Install(HttpContext context)
    {
        var capture = new UpgradeStreamCapture();
        if (context.Features.Get<IHttpUpgradeFeature>() is { } upgrade)
        {
            context.Features.Set<IHttpUpgradeFeature>(new Upgrade(upgrade, capture));
        }
        if (context.Features.Get<IHttpExtendedConnectFeature>() is { } connect)
        {
            context.Features.Set<IHttpExtendedConnectFeature>(new ExtendedConnect(connect, capture));
        }
        context.Features.Set(capture);
    }

    private SharedWriteStream Keep(Stream upgraded) => Stream = new SharedWriteStream(upgraded);

    private sealed class Upgrade(IHttpUpgradeFeature inner, UpgradeStreamCapture capture) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => inner.IsUpgradableRequest;

        public async Task<Stream> UpgradeAsync() => capture.Keep(await inner.UpgradeAsync().ConfigureAwait(false));
    }

    private sealed class ExtendedConnect(IHttpExtendedConnectFeature inner, UpgradeStreamCapture capture) : IHttpExtendedConnectFeature
    {
        public bool IsExtendedConnect => inner.IsExtendedConnect;

        public string? Protocol => inner.Protocol;

        public async ValueTask<Stream> AcceptAsync() => capture.Keep(await inner.AcceptAsync().ConfigureAwait(false));
    }
}
