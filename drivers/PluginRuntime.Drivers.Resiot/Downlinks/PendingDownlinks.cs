using System.Collections.Concurrent;
using PluginRuntime.Drivers.Resiot.Wire;

namespace PluginRuntime.Drivers.Resiot.Downlinks;

/// <summary>TX commands waiting for their result, by reference.</summary>
internal sealed class PendingDownlinks
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<TxResult>> _waiting = new(StringComparer.Ordinal);

    public int Count => _waiting.Count;

    public Task<TxResult> Register(string reference)
    {
        var result = new TaskCompletionSource<TxResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_waiting.TryAdd(reference, result))
        {
            throw new InvalidOperationException($"A TX command with reference '{reference}' is already waiting for its result.");
        }
        return result.Task;
    }

    public void Forget(string reference) => _waiting.TryRemove(reference, out _);

    /// <summary>
    /// Hands a result to the command it answers: the one with its reference or, when the platform left the reference
    /// out, the only one waiting. False when it answers nothing waiting.
    /// </summary>
    public bool Resolve(TxResult result)
    {
        string reference = result.Reference;
        if (reference.Length == 0 && _waiting.Count == 1)
        {
            reference = _waiting.Keys.FirstOrDefault() ?? "";
        }
        if (_waiting.TryRemove(reference, out var waiting))
        {
            waiting.TrySetResult(result);
            return true;
        }
        return false;
    }

    /// <summary>Fails every waiting command (the connection they were sent on is gone).</summary>
    public void FailAll(string reason)
    {
        foreach (var reference in _waiting.Keys)
        {
            if (_waiting.TryRemove(reference, out var waiting))
            {
                waiting.TrySetException(new ResiotDownlinkException($"{reason} before ResIOT answered the TX command '{reference}'; it may or may not have been queued."));
            }
        }
    }
}
