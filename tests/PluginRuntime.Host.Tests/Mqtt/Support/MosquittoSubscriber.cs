using System.Globalization;

namespace PluginRuntime.Host.Tests.Mqtt.Support;

/// <summary>
/// A real mosquitto_sub attached to a broker: each message it prints becomes a <see cref="ReceivedMessage"/>.
/// Started subscribed (it waits for the SUBACK), always killed on dispose.
/// </summary>
internal sealed class MosquittoSubscriber : IAsyncDisposable
{
    private const string Prefix = "MSG|";

    private readonly PeerProcess _process;

    private MosquittoSubscriber(PeerProcess process) => _process = process;

    public static async Task<MosquittoSubscriber> StartAsync(int port, string[] filters, string? password = null, bool v5 = false)
    {
        var arguments = new List<string>
        {
            "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-V", v5 ? "mqttv5" : "mqttv311", "-q", "1", "-d",
            // %r is the retain flag; payload last, since it may contain '|'.
            "-F", Prefix + "%t|%r|%p",
        };
        if (password is not null)
        {
            arguments.AddRange(["-u", "client", "-P", password]);
        }
        foreach (var filter in filters)
        {
            arguments.AddRange(["-t", filter]);
        }
        var process = PeerProcess.Start("mosquitto_sub", [.. arguments]);
        try
        {
            await process.WaitForLineAsync("received SUBACK", "mosquitto_sub to be subscribed");
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return new MosquittoSubscriber(process);
    }

    public async Task<ReceivedMessage> NextAsync(string waitingFor)
    {
        var line = await _process.WaitForLineAsync(Prefix, waitingFor);
        var parts = line[Prefix.Length..].Split('|', 3);
        return new ReceivedMessage(parts[0], parts[1] == "1", parts[2]);
    }

    /// <summary>The next message on <paramref name="topic"/>; messages on other topics before it are skipped.</summary>
    public async Task<ReceivedMessage> NextOnAsync(string topic, string waitingFor)
    {
        while (true)
        {
            var message = await NextAsync(waitingFor);
            if (message.Topic == topic)
            {
                return message;
            }
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
