namespace PluginRuntime.Sdk.Testing;

/// <summary>How the harness sets a driver up.</summary>
public sealed record HarnessOptions
{
    /// <summary>The module id the driver sees.</summary>
    public string ModuleId { get; init; } = "mod-test";

    /// <summary>
    /// The module's settings (an anonymous object, a dictionary, a JsonObject or JSON text), merged over the driver
    /// class's <see cref="DefaultSettingsAttribute"/> defaults as the runtime would.
    /// </summary>
    public object? Settings { get; init; }

    /// <summary>Give the driver a fake stream transport (as a module with ip/port or a ws:// uri would have).</summary>
    public bool Stream { get; init; }

    /// <summary>Start the fake stream connected (the driver's OnConnectedAsync runs during start).</summary>
    public bool StartConnected { get; init; } = true;

    /// <summary>Give the driver an HttpClient rooted at this address, answered by <see cref="DriverHarness.Http"/>.</summary>
    public Uri? HttpBaseAddress { get; init; }

    /// <summary>The system id the driver's sibling modules live in.</summary>
    public string SystemId { get; init; } = "sys-test";

    /// <summary>Where fake time starts.</summary>
    public DateTimeOffset StartTime { get; init; } = FakeTimeProvider.DefaultStart;

    /// <summary>How long expectations (ShouldSend, ExpectHttpRequest…) wait before failing.</summary>
    public TimeSpan ExpectationTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
