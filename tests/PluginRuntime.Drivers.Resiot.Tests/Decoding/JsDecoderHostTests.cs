using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using PluginRuntime.Drivers.Resiot.Decoding;
using PluginRuntime.Drivers.Resiot.Tests.Support;
using PluginRuntime.Sdk.Testing;

namespace PluginRuntime.Drivers.Resiot.Tests.Decoding;

/// <summary>The JavaScript decoder host with a real Node.js process.</summary>
public sealed class JsDecoderHostTests : IAsyncLifetime
{
    private const string Counter = """
        function decodeUplink(input) {
          if (input.bytes.length < 2) return { errors: ["need 2 bytes, got " + input.bytes.length] };
          return { data: { count: (input.bytes[0] << 8) | input.bytes[1], port: input.fPort, isArray: Array.isArray(input.bytes) },
                   warnings: input.fPort === 99 ? ["odd port"] : [] };
        }
        """;

    private readonly FakeTimeProvider _time = new();
    private readonly JsDecoderHost _host;

    public JsDecoderHostTests() => _host = new JsDecoderHost("node", TimeSpan.FromMilliseconds(500), _time, NullLogger.Instance);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_ttn_style_decoder_gets_bytes_and_fport_and_its_data_comes_back()
    {
        await _host.SetDecodersAsync(new Dictionary<string, string> { ["counter"] = Counter });

        var result = await _host.DecodeAsync("counter", [0x01, 0x02], 99, CancellationToken.None).WithTimeout("the decoder's answer");

        Assert.Equal("""{"data":{"count":258,"port":99,"isArray":true},"warnings":["odd port"]}""", result.ToJsonString());
    }

    [Fact]
    public async Task A_decoder_that_throws_fails_that_call_only_and_the_same_process_answers_the_next()
    {
        await _host.SetDecodersAsync(new Dictionary<string, string>
        {
            ["counter"] = Counter,
            ["thrower"] = "function decodeUplink(input) { throw new RangeError('byte ' + input.bytes[0] + ' is out of range'); }",
        });

        var error = await Assert.ThrowsAsync<JsDecoderException>(() => _host.DecodeAsync("thrower", [7], 1, CancellationToken.None).WithTimeout("the thrower's answer"));
        var next = await _host.DecodeAsync("counter", [0, 5], 1, CancellationToken.None).WithTimeout("the counter's answer");

        Assert.Equal("decoder 'thrower' failed: RangeError: byte 7 is out of range", error.Message);
        Assert.Equal(5, next["data"]!["count"]!.GetValue<int>());
        Assert.Equal(1, _host.Starts);
    }

    [Fact]
    public async Task A_decoder_with_a_syntax_error_says_it_did_not_load_and_the_others_still_work()
    {
        await _host.SetDecodersAsync(new Dictionary<string, string>
        {
            ["broken"] = "function decodeUplink(input) { return {data: ",
            ["nameless"] = "function decode(input) { return {}; }",
            ["counter"] = Counter,
        });

        var broken = await Assert.ThrowsAsync<JsDecoderException>(() => _host.DecodeAsync("broken", [1], 1, CancellationToken.None).WithTimeout("the broken decoder's answer"));
        var nameless = await Assert.ThrowsAsync<JsDecoderException>(() => _host.DecodeAsync("nameless", [1], 1, CancellationToken.None).WithTimeout("the nameless decoder's answer"));
        var counter = await _host.DecodeAsync("counter", [0, 1], 1, CancellationToken.None).WithTimeout("the counter's answer");

        Assert.StartsWith("decoder 'broken' failed: Error: the decoder did not load: SyntaxError:", broken.Message);
        Assert.Equal("decoder 'nameless' failed: Error: the decoder did not load: Error: the script defines no decodeUplink(input) function", nameless.Message);
        Assert.Equal(1, counter["data"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_decoder_that_loops_is_interrupted_by_its_time_limit_and_the_host_keeps_answering()
    {
        await _host.SetDecodersAsync(new Dictionary<string, string> { ["loop"] = "function decodeUplink(input) { for (;;) {} }", ["counter"] = Counter });

        var error = await Assert.ThrowsAsync<JsDecoderException>(() => _host.DecodeAsync("loop", [1], 1, CancellationToken.None).WithTimeout("the looping decoder to be interrupted"));
        var next = await _host.DecodeAsync("counter", [0, 2], 1, CancellationToken.None).WithTimeout("the counter's answer");

        Assert.Contains("Script execution timed out", error.Message);
        Assert.Equal(2, next["data"]!["count"]!.GetValue<int>());
        Assert.Equal(1, _host.Starts);
    }

    [Fact]
    public async Task A_host_that_hangs_is_killed_when_the_watchdog_fires_and_a_new_one_answers_the_next_call()
    {
        // Node interrupts a looping decoder itself, so a hang is made the hard way: the process is frozen (SIGSTOP).
        await _host.SetDecodersAsync(new Dictionary<string, string> { ["counter"] = Counter });
        await _host.DecodeAsync("counter", [0, 1], 1, CancellationToken.None).WithTimeout("the first answer");
        int hungProcess = _host.ProcessId!.Value;
        await SignalAsync("STOP", hungProcess);

        var call = _host.DecodeAsync("counter", [0, 2], 1, CancellationToken.None);
        await Eventually.TrueAsync(() => _time.ActiveTimers > 0, "the watchdog timer of the hanging call");
        _time.Advance(TimeSpan.FromSeconds(3));
        var error = await Assert.ThrowsAsync<JsDecoderException>(() => call.WithTimeout("the watchdog to fail the hanging call"));
        var next = await _host.DecodeAsync("counter", [0, 3], 1, CancellationToken.None).WithTimeout("the restarted host's answer");

        Assert.Equal("decoder 'counter' did not answer within 2.5 s; the decoder host was restarted.", error.Message);
        Assert.Equal(3, next["data"]!["count"]!.GetValue<int>());
        Assert.Equal(2, _host.Starts);
        Assert.NotEqual(hungProcess, _host.ProcessId);
    }

    [Fact]
    public async Task A_host_that_dies_fails_nothing_else_and_is_started_again_on_the_next_call()
    {
        await _host.SetDecodersAsync(new Dictionary<string, string> { ["counter"] = Counter });
        await _host.DecodeAsync("counter", [0, 1], 1, CancellationToken.None).WithTimeout("the first answer");
        using (var process = Process.GetProcessById(_host.ProcessId!.Value))
        {
            process.Kill();
            await process.WaitForExitAsync().WithTimeout("the decoder host to die");
        }
        await Eventually.TrueAsync(() => _host.ProcessId is null, "the host to notice its process died");

        var next = await _host.DecodeAsync("counter", [0, 4], 1, CancellationToken.None).WithTimeout("the restarted host's answer");

        Assert.Equal(4, next["data"]!["count"]!.GetValue<int>());
        Assert.Equal(2, _host.Starts);
    }

    [Fact]
    public async Task Changing_the_decoders_restarts_the_host_with_the_new_sources()
    {
        await _host.SetDecodersAsync(new Dictionary<string, string> { ["d"] = "function decodeUplink(i) { return {data: {v: 1}}; }" });
        var before = await _host.DecodeAsync("d", [], 1, CancellationToken.None).WithTimeout("the first version's answer");

        await _host.SetDecodersAsync(new Dictionary<string, string> { ["d"] = "function decodeUplink(i) { return {data: {v: 2}}; }" });
        var after = await _host.DecodeAsync("d", [], 1, CancellationToken.None).WithTimeout("the second version's answer");

        Assert.Equal(1, before["data"]!["v"]!.GetValue<int>());
        Assert.Equal(2, after["data"]!["v"]!.GetValue<int>());
    }

    private static async Task SignalAsync(string signal, int pid)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WithTimeout($"kill -{signal}");
        Assert.Equal(0, kill.ExitCode);
    }

    [Fact]
    public async Task A_missing_node_executable_is_a_clear_error()
    {
        await using var host = new JsDecoderHost("/nonexistent/node", TimeSpan.FromSeconds(1), _time, NullLogger.Instance);
        await host.SetDecodersAsync(new Dictionary<string, string> { ["d"] = Counter });

        var error = await Assert.ThrowsAsync<JsDecoderException>(() => host.DecodeAsync("d", [], 1, CancellationToken.None).WithTimeout("the start failure"));

        Assert.Contains("cannot start Node.js ('/nonexistent/node')", error.Message);
    }
}
