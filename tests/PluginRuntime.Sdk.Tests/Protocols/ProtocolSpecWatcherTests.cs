using PluginRuntime.Sdk.Protocols;
using Microsoft.Extensions.Logging;

namespace PluginRuntime.Sdk.Tests.Protocols;

public sealed class ProtocolSpecWatcherTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("spec-watch-").FullName;
    private readonly ListLogger _logger = new();

    private string SpecPath => Path.Combine(_directory, "lamp.yaml");

    [Fact]
    public async Task A_saved_change_is_read_and_handed_to_the_callback()
    {
        File.WriteAllText(SpecPath, SpecYaml.Lamp);
        var changed = new TaskCompletionSource<ProtocolSpec>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watcher = ProtocolSpecWatcher.Start(SpecPath, spec => changed.TrySetResult(spec), _logger);

        File.WriteAllText(SpecPath, SpecYaml.Lamp.Replace("title: Lamp protocol", "title: Lamp protocol v2", StringComparison.Ordinal));

        var spec = await changed.Task.WithTimeout("the watcher to notice the saved spec");
        Assert.Equal("Lamp protocol v2", spec.Title);
        Assert.Same(spec, watcher.Current);
    }

    [Fact]
    public void A_bad_edit_is_logged_and_the_last_good_spec_stays_in_use()
    {
        File.WriteAllText(SpecPath, SpecYaml.Lamp);
        int calls = 0;
        using var watcher = ProtocolSpecWatcher.Start(SpecPath, _ => calls++, _logger);
        var first = watcher.Current;

        File.WriteAllText(SpecPath, "asyncapi: 3.0.0\ninfo: [oops\n");
        watcher.Reload();

        Assert.Same(first, watcher.Current);
        Assert.Contains(_logger.Messages, m => m.Contains("still using the previous version", StringComparison.Ordinal)
            && m.Contains($"{SpecPath}:", StringComparison.Ordinal));
        Assert.False(watcher.Reload()); // the same bad text is not reported twice
        Assert.Equal(0, calls);
    }

    [Fact]
    public void An_unchanged_file_is_not_applied_again()
    {
        File.WriteAllText(SpecPath, SpecYaml.Lamp);
        int calls = 0;
        using var watcher = ProtocolSpecWatcher.Start(SpecPath, _ => calls++, _logger);

        Assert.False(watcher.Reload());
        Assert.Equal(0, calls);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

/// <summary>Keeps what was logged, formatted.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly List<string> _messages = [];

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_messages)
        {
            _messages.Add(formatter(state, exception));
        }
    }
}
