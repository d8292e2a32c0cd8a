using System.Text;
using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Commands;
using PluginRuntime.Sdk.Transports;

namespace PluginRuntime.Drivers.Examples;

/// <summary>
/// An example TCP driver for a line-based projector protocol: commands like <c>PWR ON</c>, replies like
/// <c>PWR=ON</c> or <c>ERR</c>, each ending in CR LF. Commands go through the command queue, so a reply resolves the
/// command that asked for it, and a silent device is retried and then reported.
/// </summary>
[Driver("Acme Projector", DefaultModuleName = "Display", Description = "Line-based projector control over TCP (example).")]
public sealed class AcmeProjector : Driver
{
    protected override IFrameDecoder Framing { get; } = new DelimiterFraming("\r\n");

    /// <summary>Turns the projector on or off.</summary>
    public Task<object?> Power(bool on) => CommandAsync(on ? "PWR ON" : "PWR OFF", name: "power");

    /// <summary>Selects an input, e.g. HDMI1.</summary>
    public Task<object?> SwitchTo(string input) => CommandAsync($"INPUT {input.ToUpperInvariant()}", name: "input");

    /// <summary>Sets the volume, 0 to 100.</summary>
    public Task<object?> Volume(int level)
    {
        if (level is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "Volume must be between 0 and 100.");
        }
        return CommandAsync($"VOL {level}", name: "volume");
    }

    protected override Task OnConnectedAsync(CancellationToken cancellationToken)
    {
        // Not awaited: the reply arrives through OnReceivedAsync, which runs on the same receive loop as this hook.
        _ = QueryPowerAsync();
        return Task.CompletedTask;
    }

    private async Task QueryPowerAsync()
    {
        try
        {
            await CommandAsync("PWR?", name: "power_query", priority: 10).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogQueryFailed(ex.Message);
        }
    }

    protected override Task OnReceivedAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        string line = Encoding.ASCII.GetString(frame.Span).Trim();
        if (line == "ERR")
        {
            Commands.Fail("the projector answered ERR");
            return Task.CompletedTask;
        }
        int equals = line.IndexOf('=');
        if (equals <= 0)
        {
            Logger.LogUnexpectedLine(line);
            return Task.CompletedTask;
        }
        string key = line[..equals], value = line[(equals + 1)..];
        switch (key)
        {
            case "PWR":
                SetStatus("power", value == "ON");
                break;
            case "INPUT":
                SetStatus("input", value);
                break;
            case "VOL" when int.TryParse(value, out int level):
                SetStatus("volume", level);
                break;
        }
        Commands.Complete(value);
        return Task.CompletedTask;
    }

    // Named, so a newer request of the same kind replaces one still waiting in the queue.
    private Task<object?> CommandAsync(string command, string name, int priority = 50) =>
        SendCommandAsync(command + "\r\n", new CommandOptions { Name = name, Priority = priority });
}
