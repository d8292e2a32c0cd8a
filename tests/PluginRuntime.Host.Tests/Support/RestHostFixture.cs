namespace PluginRuntime.Host.Tests.Support;

/// <summary>One host with the default config, shared by the test classes that only read or exec (never edit config).</summary>
public sealed class RestHostFixture : IAsyncLifetime
{
    private RestTestHost? _host;

    internal RestTestHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => _host = await RestTestHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
