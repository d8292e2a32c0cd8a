namespace PluginRuntime.Core.State;

/// <summary>Runs an action once on dispose.</summary>
internal sealed class Unsubscriber(Action onDispose) : IDisposable
{
    private Action? _onDispose = onDispose;

    public void Dispose() => Interlocked.Exchange(ref _onDispose, null)?.Invoke();
}
