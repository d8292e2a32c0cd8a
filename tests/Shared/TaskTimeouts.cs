namespace PluginRuntime.Tests.Shared;

/// <summary>Bounds every await in a test, and says what it was waiting for when the bound is hit.</summary>
internal static class TaskTimeouts
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public static async Task WithTimeout(this Task task, string waitingFor)
    {
        try
        {
            await task.WaitAsync(Limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Gave up after {Limit.TotalSeconds} s waiting for {waitingFor}.");
        }
    }

    public static async Task<T> WithTimeout<T>(this Task<T> task, string waitingFor)
    {
        try
        {
            return await task.WaitAsync(Limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Gave up after {Limit.TotalSeconds} s waiting for {waitingFor}.");
        }
    }

    public static Task<T> WithTimeout<T>(this ValueTask<T> task, string waitingFor) => task.AsTask().WithTimeout(waitingFor);

    public static Task WithTimeout(this ValueTask task, string waitingFor) => task.AsTask().WithTimeout(waitingFor);
}
