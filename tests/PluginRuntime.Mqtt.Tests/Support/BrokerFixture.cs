using System.Net;
using PluginRuntime.Mqtt.Broker;

namespace PluginRuntime.Mqtt.Tests.Support;

/// <summary>Starts a broker on 127.0.0.1 with an OS-chosen port and stops it at the end of the test.</summary>
internal sealed class BrokerFixture : IAsyncDisposable
{
    private BrokerFixture(MqttBroker broker) => Broker = broker;

    public MqttBroker Broker { get; }

    public int Port => Broker.Port;

    public static async Task<BrokerFixture> StartAsync(Action<MqttBrokerOptions>? configure = null)
    {
        var options = new MqttBrokerOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0) };
        configure?.Invoke(options);
        var broker = new MqttBroker(options);
        await broker.StartAsync();
        return new BrokerFixture(broker);
    }

    public async ValueTask DisposeAsync() => await Within.Await(Broker.StopAsync(), "broker stop");
}
