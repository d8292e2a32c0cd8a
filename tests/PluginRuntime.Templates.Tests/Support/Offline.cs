using System.Net;
using System.Net.Sockets;

namespace PluginRuntime.Templates.Tests.Support;

/// <summary>
/// Environment for a child process that must not reach the network: every HTTP(S) request goes to a loopback port
/// nobody listens on and is refused at once. A restore then succeeds only from local feeds and NuGet's cache.
/// </summary>
internal static class Offline
{
    public static (string Name, string Value)[] Environment()
    {
        string proxy = "http://127.0.0.1:" + ClosedPort();
        return [("HTTP_PROXY", proxy), ("HTTPS_PROXY", proxy), ("http_proxy", proxy), ("https_proxy", proxy), ("NO_PROXY", ""), ("no_proxy", "")];
    }

    /// <summary>A port the OS just handed out and took back: connecting to it is refused.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
