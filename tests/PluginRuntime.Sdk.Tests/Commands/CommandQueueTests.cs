using System.Text;
using PluginRuntime.Sdk.Commands;
using PluginRuntime.Sdk.Tests.Support;
using PluginRuntime.Sdk.Transports;

namespace PluginRuntime.Sdk.Tests.Commands;

public sealed class CommandQueueTests : IDisposable
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    private readonly ManualTimeProvider _time = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly FakeDevice _device = new();
    private readonly CommandQueue _queue;

    public CommandQueueTests()
    {
        _queue = new CommandQueue(_device.SendAsync, _time, _stopping.Token);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private Task<object?> Send(string text, CommandOptions? options = null) =>
        _queue.SendAsync(Encoding.ASCII.GetBytes(text), options);

    /// <summary>Puts a command in flight so the next ones queue up behind it.</summary>
    private async Task<Task<object?>> OccupyAsync()
    {
        var blocker = Send("BLOCK");
        Assert.Equal("BLOCK", await _device.NextSentAsync("the blocking command to be sent"));
        return blocker;
    }

    [Fact]
    public async Task A_command_completes_with_the_result_the_driver_gives()
    {
        var command = Send("PWR?\r");
        Assert.Equal("PWR?\r", await _device.NextSentAsync());

        Assert.True(_queue.Complete("on"));

        Assert.Equal("on", await command.WithTimeout("the command to complete"));
        Assert.False(_queue.Complete("again"));
    }

    [Fact]
    public async Task A_response_that_arrives_before_the_send_returns_still_completes_the_command()
    {
        _device.OnSend = _ => _queue.Complete("fast");

        var result = await Send("PING").WithTimeout("the command answered during its own send");

        Assert.Equal("fast", result);
    }

    [Fact]
    public async Task Higher_priority_commands_are_sent_first()
    {
        var blocker = await OccupyAsync();
        var low = Send("LOW", new CommandOptions { Priority = 10 });
        var high = Send("HIGH", new CommandOptions { Priority = 90 });
        var normal = Send("NORMAL");

        _queue.Complete();
        Assert.Equal("HIGH", await _device.NextSentAsync());
        _queue.Complete();
        Assert.Equal("NORMAL", await _device.NextSentAsync());
        _queue.Complete();
        Assert.Equal("LOW", await _device.NextSentAsync());
        _queue.Complete();

        await Task.WhenAll(blocker, low, high, normal).WithTimeout("all four commands to complete");
    }

    [Fact]
    public async Task Commands_of_equal_priority_are_sent_in_the_order_they_were_queued()
    {
        await OccupyAsync();
        var names = new[] { "A", "B", "C", "D" };
        foreach (var name in names)
        {
            _ = Send(name);
        }

        var sent = new List<string>();
        foreach (var _ in names)
        {
            _queue.Complete();
            sent.Add(await _device.NextSentAsync());
        }

        Assert.Equal(names, sent);
    }

    [Fact]
    public async Task A_named_command_replaces_a_queued_one_of_the_same_name_which_fails_as_superseded()
    {
        await OccupyAsync();
        var first = Send("VOL 10", new CommandOptions { Name = "volume" });
        var second = Send("VOL 20", new CommandOptions { Name = "volume" });

        var error = await Assert.ThrowsAsync<CommandSupersededException>(() => first.WithTimeout("the replaced command to fail"));
        Assert.Contains("'volume'", error.Message);
        Assert.Equal("volume", error.Command);
        Assert.Equal(1, _queue.Count);

        _queue.Complete();
        Assert.Equal("VOL 20", await _device.NextSentAsync());
        _queue.Complete();
        await second.WithTimeout("the replacement to complete");
    }

    [Fact]
    public async Task A_replacement_keeps_the_place_in_line_of_the_command_it_replaces()
    {
        await OccupyAsync();
        _ = Send("VOL 10", new CommandOptions { Name = "volume" });
        _ = Send("INPUT 1");
        _ = Send("VOL 20", new CommandOptions { Name = "volume" });

        _queue.Complete();
        Assert.Equal("VOL 20", await _device.NextSentAsync());
        _queue.Complete();
        Assert.Equal("INPUT 1", await _device.NextSentAsync());
    }

    [Fact]
    public async Task A_named_command_already_sent_is_not_replaced()
    {
        var first = Send("VOL 10", new CommandOptions { Name = "volume" });
        Assert.Equal("VOL 10", await _device.NextSentAsync());
        var second = Send("VOL 20", new CommandOptions { Name = "volume" });

        _queue.Complete("first");
        Assert.Equal("first", await first.WithTimeout("the command in flight to complete"));
        Assert.Equal("VOL 20", await _device.NextSentAsync());
        _queue.Complete("second");
        Assert.Equal("second", await second.WithTimeout("the second command to complete"));
    }

    [Fact]
    public async Task A_command_without_a_response_is_resent_on_each_timeout_then_fails_saying_which_and_why()
    {
        var command = Send("PING\r", new CommandOptions { Timeout = OneSecond, Retries = 2 });

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal("PING\r", await _device.NextSentAsync($"attempt {attempt}"));
            await _time.WaitForTimerAsync(OneSecond).WithTimeout($"the timeout of attempt {attempt} to be armed");
            _time.Advance(OneSecond);
        }

        var error = await Assert.ThrowsAsync<CommandTimeoutException>(() => command.WithTimeout("the command to time out"));
        Assert.Equal("Command \"PING\\r\" failed after 3 attempts: no response within 00:00:01 every time.", error.Message);
        Assert.Equal(3, error.Attempts);
        Assert.True(_device.NothingMoreSent);
    }

    [Fact]
    public async Task A_command_answered_on_a_later_attempt_succeeds()
    {
        var command = Send("PING", new CommandOptions { Timeout = OneSecond });
        await _device.NextSentAsync("the first attempt");
        await _time.WaitForTimerAsync(OneSecond).WithTimeout("the first timeout to be armed");
        _time.Advance(OneSecond);
        await _device.NextSentAsync("the second attempt");

        _queue.Complete("pong");

        Assert.Equal("pong", await command.WithTimeout("the command to complete on its second attempt"));
    }

    [Fact]
    public async Task A_command_the_driver_fails_is_not_retried_and_its_error_names_it_and_gives_the_reason()
    {
        var command = Send("INPUT 9", new CommandOptions { Name = "input" });
        await _device.NextSentAsync();

        Assert.True(_queue.Fail("device said ERR 2"));

        var error = await Assert.ThrowsAsync<CommandFailedException>(() => command.WithTimeout("the command to fail"));
        Assert.IsNotType<CommandTimeoutException>(error);
        Assert.Equal("Command 'input' failed on attempt 1 of 4: device said ERR 2", error.Message);
        Assert.True(_device.NothingMoreSent);
    }

    [Fact]
    public async Task Retry_sends_the_command_again_and_fails_it_once_the_retries_are_used_up()
    {
        var command = Send("STATUS", new CommandOptions { Retries = 1 });
        await _device.NextSentAsync("the first attempt");

        Assert.True(_queue.Retry());
        Assert.Equal("STATUS", await _device.NextSentAsync("the retry"));
        Assert.True(_queue.Retry());

        var error = await Assert.ThrowsAsync<CommandFailedException>(() => command.WithTimeout("the command to fail"));
        Assert.IsNotType<CommandTimeoutException>(error);
        Assert.Contains("\"STATUS\" failed after 2 attempts: the driver asked for a retry every time", error.Message);
    }

    [Fact]
    public async Task The_queue_waits_the_delay_between_commands_before_sending_the_next()
    {
        _queue.DelayBetweenCommands = TimeSpan.FromSeconds(2);
        _ = Send("A");
        var b = Send("B");
        await _device.NextSentAsync();

        _queue.Complete();
        await _time.WaitForTimerAsync(TimeSpan.FromSeconds(2)).WithTimeout("the pause after A to start");
        _time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.True(_device.NothingMoreSent);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal("B", await _device.NextSentAsync("B after the pause"));
        _queue.Complete();
        await b.WithTimeout("B to complete");
    }

    [Fact]
    public async Task A_command_delay_after_overrides_the_queue_default()
    {
        _queue.DelayBetweenCommands = TimeSpan.FromSeconds(2);
        _ = Send("A", new CommandOptions { DelayAfter = TimeSpan.FromMilliseconds(300) });
        _ = Send("B");
        await _device.NextSentAsync();

        _queue.Complete();
        await _time.WaitForTimerAsync(TimeSpan.FromMilliseconds(300)).WithTimeout("the 300 ms pause after A");
        _time.Advance(TimeSpan.FromMilliseconds(300));

        Assert.Equal("B", await _device.NextSentAsync("B after the shorter pause"));
    }

    [Fact]
    public async Task A_command_queued_during_the_pause_still_waits_for_the_pause_to_end()
    {
        _queue.DelayBetweenCommands = OneSecond;
        _ = Send("A");
        await _device.NextSentAsync();
        _queue.Complete();
        await _time.WaitForTimerAsync(OneSecond).WithTimeout("the pause after A");

        _ = Send("B");
        Assert.True(_device.NothingMoreSent);
        _time.Advance(OneSecond);

        Assert.Equal("B", await _device.NextSentAsync("B after the pause"));
    }

    [Fact]
    public async Task A_command_that_does_not_wait_for_a_response_completes_once_sent()
    {
        var fireAndForget = Send("BEEP", new CommandOptions { WaitForResponse = false });
        var next = Send("NEXT");

        Assert.Null(await fireAndForget.WithTimeout("the command to complete when sent"));
        Assert.Equal("BEEP", await _device.NextSentAsync());
        Assert.Equal("NEXT", await _device.NextSentAsync("the next command, without any time passing"));
        _queue.Complete();
        await next.WithTimeout("the next command to complete");
    }

    [Fact]
    public async Task A_failed_send_counts_as_an_attempt_and_the_command_is_tried_again_after_its_timeout()
    {
        var sends = 0;
        _device.OnSend = _ =>
        {
            if (++sends == 1)
            {
                throw new TransportNotConnectedException("Not connected to tcp://10.0.0.5:23.");
            }
        };
        var command = Send("PWR ON", new CommandOptions { Timeout = OneSecond });
        await _device.NextSentAsync("the first, failing, attempt");
        await _time.WaitForTimerAsync(OneSecond).WithTimeout("the failed attempt's timeout");

        _time.Advance(OneSecond);
        await _device.NextSentAsync("the second attempt");
        _queue.Complete("ok");

        Assert.Equal("ok", await command.WithTimeout("the command to succeed on its second attempt"));
    }

    [Fact]
    public async Task A_command_whose_every_send_fails_reports_the_send_error()
    {
        _device.OnSend = _ => throw new TransportNotConnectedException("Not connected to tcp://10.0.0.5:23.");
        var command = Send("PWR ON", new CommandOptions { Timeout = OneSecond, Retries = 1 });
        await _device.NextSentAsync("the first attempt");
        await _time.WaitForTimerAsync(OneSecond).WithTimeout("the first attempt's timeout");
        _time.Advance(OneSecond);
        await _device.NextSentAsync("the second attempt");

        var error = await Assert.ThrowsAsync<CommandFailedException>(() => command.WithTimeout("the command to fail"));
        Assert.Equal(
            "Command \"PWR ON\" failed after 2 attempts: sending failed (TransportNotConnectedException: " +
            "Not connected to tcp://10.0.0.5:23.) every time.", error.Message);
        Assert.IsType<TransportNotConnectedException>(error.InnerException);
    }

    [Fact]
    public async Task An_answer_given_while_the_send_is_failing_is_kept()
    {
        _device.OnSend = _ =>
        {
            _queue.Complete("answered");
            throw new IOException("connection reset");
        };

        Assert.Equal("answered", await Send("PING").WithTimeout("the command answered during a failing send"));
    }

    [Fact]
    public async Task A_send_still_blocked_when_the_attempt_times_out_is_cancelled_and_the_command_retried()
    {
        var firstSend = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sends = 0;
        var queue = new CommandQueue(async (data, ct) =>
        {
            if (Interlocked.Increment(ref sends) == 1)
            {
                firstSend.SetResult(ct);
                await Task.Delay(Timeout.Infinite, ct);
            }
        }, _time, _stopping.Token);
        var command = queue.SendAsync("X"u8.ToArray(), new CommandOptions { Timeout = OneSecond, WaitForResponse = false });
        var token = await firstSend.Task.WithTimeout("the first send to start");

        _time.Advance(OneSecond);

        Assert.True(token.IsCancellationRequested);
        Assert.Null(await command.WithTimeout("the second attempt to send the command"));
        Assert.Equal(2, sends);
    }

    [Fact]
    public async Task Stopping_cancels_the_command_in_flight_and_every_queued_one_and_refuses_new_ones()
    {
        var inFlight = await OccupyAsync();
        var queued = Send("QUEUED");

        _stopping.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inFlight.WithTimeout("the command in flight to be cancelled"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WithTimeout("the queued command to be cancelled"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Send("LATE").WithTimeout("a command sent after stopping"));
        Assert.Equal(0, _queue.Count);
        Assert.True(_device.NothingMoreSent);
    }

    [Fact]
    public async Task Stopping_during_the_pause_between_commands_cancels_the_next_one_unsent()
    {
        _queue.DelayBetweenCommands = OneSecond;
        _ = Send("A");
        var b = Send("B");
        await _device.NextSentAsync();
        _queue.Complete();
        await _time.WaitForTimerAsync(OneSecond).WithTimeout("the pause after A");

        _stopping.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b.WithTimeout("B to be cancelled"));
        Assert.True(_device.NothingMoreSent);
    }

    [Fact]
    public async Task Count_and_IsBusy_describe_the_queue()
    {
        Assert.False(_queue.IsBusy);
        await OccupyAsync();
        _ = Send("X");
        _ = Send("Y");

        Assert.True(_queue.IsBusy);
        Assert.Equal(2, _queue.Count);
    }

    [Fact]
    public async Task A_binary_command_is_described_in_hex_in_errors()
    {
        var command = _queue.SendAsync(new byte[] { 0x02, 0x01, 0xFF }, new CommandOptions { Retries = 0 });
        await _device.NextSentAsync();

        _queue.Fail("NAK");

        var error = await Assert.ThrowsAsync<CommandFailedException>(() => command.WithTimeout("the command to fail"));
        Assert.Equal("[02 01 FF]", error.Command);
    }
}
