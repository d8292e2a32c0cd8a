namespace PluginRuntime.Core.Tests.Support;

/// <summary>Bounded waits that say what they waited for.</summary>
internal static class Await
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    public static async Task<T> Within<T>(Task<T> task, string waitingFor, TimeSpan? timeout = null)
    {
        try
        {
            return await task.WaitAsync(timeout ?? Default);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {(timeout ?? Default).TotalSeconds} s waiting for {waitingFor}.");
        }
    }

    public static async Task Within(Task task, string waitingFor, TimeSpan? timeout = null)
    {
        try
        {
            await task.WaitAsync(timeout ?? Default);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {(timeout ?? Default).TotalSeconds} s waiting for {waitingFor}.");
        }
    }
}
