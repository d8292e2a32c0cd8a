namespace PluginRuntime.Sdk.Commands;

/// <summary>
/// A device command queue in the style of PlaceOS: commands are sent one at a time, highest priority first, and each
/// waits until the driver resolves it from its receive handler (<see cref="Complete"/>, <see cref="Fail"/>,
/// <see cref="Retry"/>) or its timeout runs out, in which case it is sent again up to its retry count.
/// </summary>
/// <remarks>
/// <para>
/// All waiting (timeouts, delays between commands) runs on the given <see cref="TimeProvider"/>, so tests drive it
/// with fake time.
/// </para>
/// <para>
/// The driver must not await a command from inside the handler that resolves it (e.g. from
/// <c>OnReceivedAsync</c>): the response can only be handled after that handler returns. Queue the command and
/// let its task finish later, or send it from a method call.
/// </para>
/// </remarks>
public sealed class CommandQueue
{
    // Highest priority first; equal priorities in the order they were queued.
    private static readonly Comparer<QueuedCommand> s_order = Comparer<QueuedCommand>.Create((a, b) =>
    {
        var byPriority = b.Options.Priority.CompareTo(a.Options.Priority);
        return byPriority != 0 ? byPriority : a.Sequence.CompareTo(b.Sequence);
    });

    private readonly Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> _send;
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopping;
    private readonly Lock _gate = new();
    private readonly SortedSet<QueuedCommand> _queue = new(s_order);
    private readonly Dictionary<string, QueuedCommand> _named = new(StringComparer.Ordinal);
    private long _nextSequence;
    private bool _running;
    private QueuedCommand? _inFlight;
    private TaskCompletionSource<AttemptResult>? _awaitingResponse;
    private TimeSpan _delayBetweenCommands;

    /// <summary>Creates a queue that sends through <paramref name="send"/>.</summary>
    /// <param name="send">Writes a command's bytes to the device, e.g. the transport's <c>SendAsync</c>.</param>
    /// <param name="time">The clock for timeouts and delays.</param>
    /// <param name="stopping">When cancelled, every queued command fails with <see cref="OperationCanceledException"/>.</param>
    public CommandQueue(Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> send, TimeProvider time, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(time);
        _send = send;
        _time = time;
        _stopping = stopping;
        _stopping.Register(CancelQueued);
    }

    /// <summary>
    /// The pause between one command and the next, for commands whose <see cref="CommandOptions.DelayAfter"/> is
    /// null. Default zero.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan DelayBetweenCommands
    {
        get => _delayBetweenCommands;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _delayBetweenCommands = value;
        }
    }

    /// <summary>How many commands are waiting to be sent, not counting the one in flight.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Whether a command is being sent or waiting for its response.</summary>
    public bool IsBusy
    {
        get
        {
            lock (_gate)
            {
                return _inFlight is not null;
            }
        }
    }

    /// <summary>
    /// Queues a command. The bytes are copied, so the caller may reuse its buffer.
    /// </summary>
    /// <returns>
    /// A task that completes with the value the driver passed to <see cref="Complete"/> (null when the command
    /// doesn't wait for a response), or fails with <see cref="CommandFailedException"/>,
    /// <see cref="CommandTimeoutException"/>, <see cref="CommandSupersededException"/>, or
    /// <see cref="OperationCanceledException"/> when the module stops.
    /// </returns>
    public Task<object?> SendAsync(ReadOnlyMemory<byte> data, CommandOptions? options = null)
    {
        var command = new QueuedCommand(data.ToArray(), options ?? CommandOptions.Default);
        QueuedCommand? superseded = null;
        bool start;
        lock (_gate)
        {
            // Checked under the lock so a command is either failed by CancelQueued or refused here, never forgotten.
            if (_stopping.IsCancellationRequested)
            {
                return Task.FromCanceled<object?>(_stopping);
            }
            if (command.Options.Name is { } name)
            {
                if (_named.Remove(name, out var previous))
                {
                    _queue.Remove(previous);
                    superseded = previous;
                    command.Sequence = previous.Sequence;
                }
                else
                {
                    command.Sequence = _nextSequence++;
                }
                _named[name] = command;
            }
            else
            {
                command.Sequence = _nextSequence++;
            }
            _queue.Add(command);
            start = !_running;
            _running = true;
        }

        superseded?.Completion.TrySetException(new CommandSupersededException(
            $"Command {superseded.Description} was replaced by a newer command of the same name before it was sent.",
            superseded.Options.Name!));
        if (start)
        {
            // On the thread pool so the caller's send never runs inline, even when it comes from a receive handler.
            _ = Task.Run(RunAsync, CancellationToken.None);
        }
        return command.Completion.Task;
    }

    /// <summary>Resolves the command in flight successfully, with an optional result for its task.</summary>
    /// <returns>False when no command is waiting for a response (none in flight, or it already timed out).</returns>
    public bool Complete(object? result = null) => Resolve(new AttemptResult(AttemptOutcome.Completed, result));

    /// <summary>Fails the command in flight without retrying; its task throws <see cref="CommandFailedException"/> with the reason.</summary>
    /// <returns>False when no command is waiting for a response.</returns>
    public bool Fail(string reason) => Resolve(new AttemptResult(AttemptOutcome.Failed, Reason: reason));

    /// <summary>Sends the command in flight again now (if it has retries left), e.g. when the device answered "busy".</summary>
    /// <returns>False when no command is waiting for a response.</returns>
    public bool Retry() => Resolve(AttemptResult.RetryRequested);

    private bool Resolve(AttemptResult result)
    {
        TaskCompletionSource<AttemptResult>? awaiting;
        lock (_gate)
        {
            awaiting = _awaitingResponse;
            _awaitingResponse = null;
        }
        return awaiting is not null && awaiting.TrySetResult(result);
    }

    private async Task RunAsync()
    {
        while (true)
        {
            QueuedCommand command;
            lock (_gate)
            {
                if (_stopping.IsCancellationRequested || _queue.Count == 0)
                {
                    _running = false;
                    return;
                }
                command = _queue.Min!;
                _queue.Remove(command);
                if (command.Options.Name is { } name)
                {
                    _named.Remove(name);
                }
                _inFlight = command;
            }

            try
            {
                await ExecuteAsync(command).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Only a bug in this class gets here; fail the command rather than leave its caller hanging.
                command.Completion.TrySetException(ex);
            }
            finally
            {
                lock (_gate)
                {
                    _inFlight = null;
                    _awaitingResponse = null;
                }
            }

            // Waited even when the queue is empty, so a command queued during the pause still gets the gap.
            var pause = command.Options.DelayAfter ?? DelayBetweenCommands;
            if (pause > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(pause, _time, _stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopping: the next turn of the loop ends it; CancelQueued fails what is left.
                }
            }
        }
    }

    private async Task ExecuteAsync(QueuedCommand command)
    {
        var options = command.Options;
        var maxAttempts = options.Retries + 1;
        var reasons = new List<string>(maxAttempts);
        var lastOutcome = AttemptOutcome.TimedOut;
        Exception? lastSendError = null;

        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            var response = new TaskCompletionSource<AttemptResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            var attemptOver = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // Armed before the send, so a test (or a fast device) never sees the send before the timeout exists.
            using var timeout = new CancellationTokenSource(options.Timeout, _time);
            // A send still blocked when the attempt times out (a stuck socket) is cancelled, not waited for forever.
            using var sendCancellation = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping);
            using var onTimeout = timeout.Token.Register(() => response.TrySetResult(AttemptResult.TimedOut));
            using var onStopping = _stopping.Register(() => response.TrySetResult(AttemptResult.Stopped));
            using var onAttemptOver = sendCancellation.Token.Register(() => attemptOver.TrySetResult());
            if (options.WaitForResponse)
            {
                // Before sending: a quick device can answer before the send call returns.
                lock (_gate)
                {
                    _awaitingResponse = response;
                }
            }

            try
            {
                await _send(command.Data, sendCancellation.Token).ConfigureAwait(false);
                if (!options.WaitForResponse)
                {
                    command.Completion.TrySetResult(null);
                    return;
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                response.TrySetResult(AttemptResult.Stopped);
            }
            catch (Exception ex)
            {
                // First outcome wins: an answer the driver gave while the send was still failing is kept.
                response.TrySetResult(new AttemptResult(AttemptOutcome.SendFailed, Error: ex));
            }

            var result = await response.Task.ConfigureAwait(false);
            lock (_gate)
            {
                if (_awaitingResponse == response)
                {
                    _awaitingResponse = null;
                }
            }
            switch (result.Outcome)
            {
                case AttemptOutcome.Completed:
                    command.Completion.TrySetResult(result.Value);
                    return;
                case AttemptOutcome.Failed:
                    command.Completion.TrySetException(new CommandFailedException(
                        $"Command {command.Description} failed on attempt {attempt} of {maxAttempts}: {result.Reason}",
                        command.Description, attempt));
                    return;
                case AttemptOutcome.Stopped:
                    command.Completion.TrySetCanceled(_stopping);
                    return;
                case AttemptOutcome.SendFailed:
                    lastOutcome = AttemptOutcome.SendFailed;
                    lastSendError = result.Error;
                    reasons.Add($"sending failed ({result.Error!.GetType().Name}: {result.Error.Message})");
                    if (attempt < maxAttempts)
                    {
                        // Use up the attempt's time before trying again, so a connection that is coming back has the chance.
                        await attemptOver.Task.ConfigureAwait(false);
                        if (_stopping.IsCancellationRequested)
                        {
                            command.Completion.TrySetCanceled(_stopping);
                            return;
                        }
                    }
                    break;
                case AttemptOutcome.RetryRequested:
                    lastOutcome = AttemptOutcome.RetryRequested;
                    lastSendError = null;
                    reasons.Add("the driver asked for a retry");
                    break;
                default:
                    lastOutcome = AttemptOutcome.TimedOut;
                    lastSendError = null;
                    reasons.Add($"no response within {options.Timeout}");
                    break;
            }
        }

        var why = reasons.Distinct().Count() == 1
            ? $"{reasons[0]} every time"
            : string.Join("; ", reasons.Select((reason, i) => $"attempt {i + 1}: {reason}"));
        var message = $"Command {command.Description} failed after {maxAttempts} attempt{(maxAttempts == 1 ? "" : "s")}: {why}.";
        command.Completion.TrySetException(lastOutcome == AttemptOutcome.TimedOut
            ? new CommandTimeoutException(message, command.Description, maxAttempts)
            : new CommandFailedException(message, command.Description, maxAttempts, lastSendError));
    }

    private void CancelQueued()
    {
        QueuedCommand[] pending;
        lock (_gate)
        {
            pending = [.. _queue];
            _queue.Clear();
            _named.Clear();
        }
        foreach (var command in pending)
        {
            command.Completion.TrySetCanceled(_stopping);
        }
    }
}
