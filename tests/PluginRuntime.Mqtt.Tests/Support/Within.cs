namespace PluginRuntime.Mqtt.Tests.Support;

/// <summary>Bounded awaits whose failure message says what the test was waiting for.</summary>
internal static class Within
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    public static async Task<T> Await<T>(Task<T> task, string waitingFor, TimeSpan? timeout = null)
    {
        try
        {
            return await task.WaitAsync(timeout ?? Default);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {(timeout ?? Default).TotalSeconds:0.#} s waiting for {waitingFor}.");
        }
    }

    public static async Task Await(Task task, string waitingFor, TimeSpan? timeout = null)
    {
        try
        {
            await task.WaitAsync(timeout ?? Default);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {(timeout ?? Default).TotalSeconds:0.#} s waiting for {waitingFor}.");
        }
    }
}
