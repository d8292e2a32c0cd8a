using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PluginRuntime.Sdk.Hosting;
using PluginRuntime.Sdk.Metadata;
using PluginRuntime.Sdk.Transports;

namespace PluginRuntime.Sdk.Testing;

/// <summary>
/// Runs one driver in-process as the runtime would — status with change detection, settings merged over the
/// class defaults, calls through a catching invoker, schedules on fake time — with a fake device on the other end.
/// Use <see cref="DriverHarness{TDriver}"/>.
/// </summary>
public abstract class DriverHarness : IDriverContext, IAsyncDisposable
{
    private readonly CapturingLogger _logger = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<Exception> _errors = new();
    private readonly MockSystem _system;
    private readonly DriverDescriptor _descriptor;
    private readonly ConcurrentDictionary<Task, bool> _inFlight = new();
    private JsonElement _settings;
    private Driver? _driver;

    private protected DriverHarness(Type driverType, HarnessOptions options)
    {
        Options = options;
        _descriptor = DriverDescriptor.Describe(driverType);
        Time = new FakeTimeProvider(options.StartTime);
        _system = new MockSystem(options.SystemId, this);
        Status = new HarnessStatus();
        if (options.Stream)
        {
            Transport = new FakeStreamTransport(this);
        }
        if (options.HttpBaseAddress is { } baseAddress)
        {
            Http = new FakeHttp(options.ExpectationTimeout);
            HttpClient = new HttpClient(Http) { BaseAddress = baseAddress };
        }
        SetSettings(options.Settings);
    }

    /// <summary>The options the harness was created with.</summary>
    public HarnessOptions Options { get; }

    /// <summary>The clock the driver's schedules and timeouts run on: advance it to run them.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>The driver's status.</summary>
    public HarnessStatus Status { get; }

    /// <summary>The fake device on the driver's stream connection (needs <see cref="HarnessOptions.Stream"/>).</summary>
    public FakeStreamTransport? Transport { get; }

    /// <summary>The fake HTTP service (needs <see cref="HarnessOptions.HttpBaseAddress"/>).</summary>
    public FakeHttp? Http { get; }

    /// <summary>Everything the driver logged, and every failure the invoker caught (as errors).</summary>
    public IReadOnlyList<CapturedLog> Logs => _logger.Entries.ToArray();

    /// <summary>Exceptions that escaped driver code run by the harness (timers, receive hooks, subscriptions).</summary>
    public IReadOnlyList<Exception> Errors => _errors.ToArray();

    /// <summary>The driver's interface: its methods and their JSON Schemas.</summary>
    public DriverDescriptor Descriptor => _descriptor;

    internal Driver DriverInstance => _driver ?? throw new InvalidOperationException("The harness has not started the driver.");

    private HttpClient? HttpClient { get; }

    /// <summary>
    /// Calls a driver method by its wire name (snake_case) or C# name with positional arguments, as an exec would,
    /// and returns its JSON result. Argument errors throw <see cref="ArgumentBindingException"/>; the driver's
    /// exceptions are thrown as they are.
    /// </summary>
    public Task<JsonElement> Exec(string method, params object?[] args) =>
        ExecJson(method, JsonSerializer.Serialize(args, DriverJson.CreateOptions()));

    /// <summary>Calls a method with named arguments (an anonymous object or dictionary).</summary>
    public Task<JsonElement> ExecNamed(string method, object namedArgs) =>
        ExecJson(method, JsonSerializer.Serialize(namedArgs, DriverJson.CreateOptions()));

    /// <summary>Calls a method with arguments given as JSON text (an array or an object).</summary>
    public async Task<JsonElement> ExecJson(string method, string argsJson)
    {
        if (!_descriptor.TryGetMethod(method, DriverInstance, out var descriptor))
        {
            throw new HarnessAssertionException(
                $"{_descriptor.Name} has no callable method '{method}'. Its methods: {string.Join(", ", _descriptor.MethodsOf(DriverInstance).Select(m => m.Name))}.");
        }
        using var args = JsonDocument.Parse(argsJson);
        byte[] result = await descriptor.InvokeAsync(DriverInstance, args.RootElement, _stopping.Token).ConfigureAwait(false);
        using var document = JsonDocument.Parse(result);
        return document.RootElement.Clone();
    }

    /// <summary>A sibling module in the driver's system, created on first use.</summary>
    public MockModule Sibling(string name, int index = 1) => _system.Add(name, index);

    /// <summary>Changes the module's settings (merged over the class defaults) and runs OnSettingsChangedAsync.</summary>
    public Task ChangeSettingsAsync(object? settings)
    {
        SetSettings(settings);
        return RunGuardedAsync("OnSettingsChangedAsync", ct => DriverLifecycle.SettingsChangedAsync(DriverInstance, ct));
    }

    /// <summary>Advances fake time, then waits for the driver callbacks it started to finish.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        await WhenIdleAsync().ConfigureAwait(false);
    }

    /// <summary>Waits until no driver callback started by the harness (timer, receive, subscription) is running.</summary>
    public async Task WhenIdleAsync()
    {
        while (!_inFlight.IsEmpty)
        {
            try
            {
                await Task.WhenAll(_inFlight.Keys).WaitAsync(Options.ExpectationTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new HarnessAssertionException($"Driver callbacks were still running after {Options.ExpectationTimeout.TotalSeconds} s.");
            }
        }
    }

    private protected async Task StartAsync(Driver driver)
    {
        _driver = driver;
        DriverLifecycle.Attach(driver, this);
        if (Transport is not null)
        {
            Status.Write("connected", "false"u8);
        }
        await RunGuardedAsync("OnLoadAsync", ct => DriverLifecycle.LoadAsync(driver, ct)).ConfigureAwait(false);
        ThrowIfFailed("OnLoadAsync");
        if (Transport is not null && Options.StartConnected)
        {
            await Transport.ConnectAsync().ConfigureAwait(false);
        }
    }

    private void ThrowIfFailed(string member)
    {
        if (_errors.TryPeek(out var error))
        {
            throw new HarnessAssertionException($"{member} failed: {error.GetType().Name}: {error.Message}");
        }
    }

    /// <summary>Runs driver code as the runtime's invoker does: failures are caught and logged, never thrown.</summary>
    internal async Task RunGuardedAsync(string member, Func<CancellationToken, Task> action)
    {
        // Registered before the driver code starts: its first synchronous part may already hand work to the test
        // (a request, a send), and WhenIdleAsync must not miss the callback that is still finishing it.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _inFlight.TryAdd(done.Task, true);
        try
        {
            await RunCaughtAsync(member, action).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(done.Task, out _);
            done.SetResult();
        }
    }

    private async Task RunCaughtAsync(string member, Func<CancellationToken, Task> action)
    {
        try
        {
            await action(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _errors.Enqueue(ex);
            _logger.Log(LogLevel.Error, default, $"{member} threw {ex.GetType().Name}: {ex.Message}", ex, (s, _) => s);
        }
    }

    internal string DescribeRecentErrors() =>
        _errors.IsEmpty ? "" : $" Driver errors so far: {string.Join("; ", _errors.Select(e => $"{e.GetType().Name}: {e.Message}"))}.";

    private void SetSettings(object? settings)
    {
        var merged = _descriptor.DefaultSettings;
        foreach (var (key, value) in ToJsonObject(settings))
        {
            merged[key] = value?.DeepClone();
        }
        _settings = JsonSerializer.SerializeToElement(merged);
    }

    private static JsonObject ToJsonObject(object? settings) => settings switch
    {
        null => [],
        JsonObject o => o,
        string json => JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("Settings JSON must be an object.", nameof(settings)),
        _ => JsonSerializer.SerializeToNode(settings, DriverJson.CreateOptions()) as JsonObject
            ?? throw new ArgumentException("Settings must serialise to a JSON object.", nameof(settings)),
    };

    /// <summary>Runs OnUnloadAsync and cancels the driver's schedules.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_driver is { } driver && !_stopping.IsCancellationRequested)
        {
            try
            {
                await _stopping.CancelAsync().ConfigureAwait(false); // may run the driver's own Stopping callbacks
            }
            catch (Exception ex)
            {
                _errors.Enqueue(ex);
            }
            try
            {
                await DriverLifecycle.UnloadAsync(driver, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _errors.Enqueue(ex);
            }
        }
        HttpClient?.Dispose();
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    string IDriverContext.ModuleId => Options.ModuleId;

    ILogger IDriverContext.Logger => _logger;

    TimeProvider IDriverContext.Time => Time;

    CancellationToken IDriverContext.Stopping => _stopping.Token;

    JsonElement IDriverContext.Settings => _settings;

    GuardedInvoker IDriverContext.Invoke => RunGuardedAsync;

    IStreamTransport? IDriverContext.Stream => Transport;

    HttpClient? IDriverContext.Http => HttpClient;

    ISystemAccess? IDriverContext.System => _system;

    bool IDriverContext.TryGetStatus(string key, out ReadOnlyMemory<byte> utf8Json) => Status.TryGet(key, out utf8Json);

    bool IDriverContext.WriteStatus(string key, ReadOnlySpan<byte> utf8Json) => Status.Write(key, utf8Json);

    bool IDriverContext.RemoveStatus(string key) => Status.Remove(key);
}

/// <summary>
/// Runs a <typeparamref name="TDriver"/> in-process for a test:
/// <code>
/// await using var harness = await DriverHarness&lt;AcmeProjector&gt;.StartAsync(new() { Stream = true });
/// var call = harness.Exec("power", true);
/// await harness.Transport!.ShouldSendAsync("PWR ON\r\n");
/// await harness.Transport.RespondAsync("PWR=ON\r\n");
/// await call;
/// Assert.True(harness.Status.Get&lt;bool&gt;("power"));
/// </code>
/// </summary>
public sealed class DriverHarness<TDriver> : DriverHarness where TDriver : Driver, new()
{
    private DriverHarness(HarnessOptions options) : base(typeof(TDriver), options)
    {
    }

    /// <summary>The driver instance under test.</summary>
    public TDriver Driver => (TDriver)DriverInstance;

    /// <summary>Creates the driver, attaches it, runs OnLoadAsync (failing the test if it throws) and connects the fake stream.</summary>
    public static async Task<DriverHarness<TDriver>> StartAsync(HarnessOptions? options = null)
    {
        var harness = new DriverHarness<TDriver>(options ?? new HarnessOptions());
        await harness.StartAsync(new TDriver()).ConfigureAwait(false);
        return harness;
    }
}
