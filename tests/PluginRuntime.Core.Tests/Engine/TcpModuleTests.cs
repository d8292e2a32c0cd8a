using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Tests.Support;

namespace PluginRuntime.Core.Tests.Engine;

/// <summary>A module whose config names ip + port: the runtime connects, frames, keeps `connected`, and reconnects.</summary>
public sealed class TcpModuleTests
{
    [Fact]
    public async Task A_tcp_module_talks_to_its_device_and_keeps_connected_status()
    {
        using var device = new TcpListener(IPAddress.Loopback, 0);
        device.Start();
        int port = ((IPEndPoint)device.LocalEndpoint).Port;
        await using var fixture = EngineFixture.Create(new RuntimeOptions
        {
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(50),
        });
        var connected = Channel.CreateUnbounded<string>();
        using var watch = fixture.Engine.State.Subscribe("mod-projector", "connected", c => connected.Writer.TryWrite(Encoding.UTF8.GetString(c.Value!)));

        await fixture.ApplyValidAsync($"""
            drivers:
              - id: projector
                assembly: {ExampleDrivers.Assembly}
                class: PluginRuntime.Drivers.Examples.AcmeProjector
            modules:
              - {"{"} id: mod-projector, driver: projector, ip: 127.0.0.1, port: {port} {"}"}
            systems:
              - {"{"} id: sys-1, name: One, modules: [mod-projector] {"}"}
            """);

        Assert.Equal("false", await connected.Reader.ReadAsync().AsTask().WithTimeout("connected=false before the device answers"));
        using (var socket = await device.AcceptTcpClientAsync().WithTimeout("the runtime to connect to the device"))
        await using (var stream = socket.GetStream())
        using (var reader = new StreamReader(stream, Encoding.ASCII))
        {
            Assert.Equal("true", await connected.Reader.ReadAsync().AsTask().WithTimeout("connected=true"));
            Assert.Equal("PWR?", await reader.ReadLineAsync().WithTimeout("the power query sent on connect"));
            await stream.WriteAsync("PWR=ON\r\n"u8.ToArray());

            var call = fixture.ExecAsync("sys-1", "Display_1", "volume", "[30]");
            Assert.Equal("VOL 30", await reader.ReadLineAsync().WithTimeout("the volume command"));
            await stream.WriteAsync("VOL="u8.ToArray());
            await stream.WriteAsync("30\r\n"u8.ToArray()); // a reply split across two TCP segments
            var result = await call.WithTimeout("the volume exec to complete");
            Assert.True(result.IsSuccess, result.Error);
            Assert.Equal("\"30\"", Encoding.UTF8.GetString(result.Json!));
            Assert.Equal("30", fixture.Status("mod-projector", "volume"));
            Assert.Equal("true", fixture.Status("mod-projector", "power"));
        }

        // The device hangs up: the runtime reports it and reconnects by itself.
        Assert.Equal("false", await connected.Reader.ReadAsync().AsTask().WithTimeout("connected=false after the device hung up"));
        using var again = await device.AcceptTcpClientAsync().WithTimeout("the runtime to reconnect");
        Assert.Equal("true", await connected.Reader.ReadAsync().AsTask().WithTimeout("connected=true after reconnecting"));
    }
}
