namespace PluginRuntime.Sdk.Commands;

/// <summary>How one command is queued, sent and retried by a <see cref="CommandQueue"/>.</summary>
public sealed record CommandOptions
{
    /// <summary>The priority of a command that doesn't set one.</summary>
    public const int DefaultPriority = 50;

    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(5);
    private readonly int _retries = 3;
    private readonly TimeSpan? _delayAfter;

    /// <summary>The options used when none are given: priority 50, 5 s timeout, 3 retries, wait for a response.</summary>
    public static CommandOptions Default { get; } = new();

    /// <summary>Higher runs first; commands of equal priority run in the order they were queued. Default 50.</summary>
    public int Priority { get; init; } = DefaultPriority;

    /// <summary>
    /// Names the command for de-duplication: queuing a command replaces a queued, not yet sent command of the same
    /// name (which fails with <see cref="CommandSupersededException"/>), keeping its place in line. Useful for
    /// "set volume" style commands where only the latest value matters. Null (the default) never replaces anything.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>How long each attempt waits for the driver to resolve the command. Default 5 seconds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public TimeSpan Timeout
    {
        get => _timeout;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _timeout = value;
        }
    }

    /// <summary>
    /// How many times the command is sent again after a timeout, a <see cref="CommandQueue.Retry"/> or a failed send,
    /// so it is sent at most <c>Retries + 1</c> times. Default 3.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int Retries
    {
        get => _retries;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _retries = value;
        }
    }

    /// <summary>
    /// Whether the command waits for the driver to resolve it (<see cref="CommandQueue.Complete"/> and friends).
    /// When false it completes with null as soon as it has been sent. Default true.
    /// </summary>
    public bool WaitForResponse { get; init; } = true;

    /// <summary>
    /// A pause after this command before the next one is sent (some devices need a gap). Null (the default) uses
    /// the queue's <see cref="CommandQueue.DelayBetweenCommands"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan? DelayAfter
    {
        get => _delayAfter;
        init
        {
            if (value is { } delay)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
            }
            _delayAfter = value;
        }
    }
}
