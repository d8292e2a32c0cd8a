namespace PluginRuntime.Core.Plugins;

/// <summary>Reads files that a build may be writing at the same moment.</summary>
internal static class FileReads
{
    /// <summary>Reads all bytes, retrying briefly while another process holds the file or is mid-write.</summary>
    public static byte[] ReadAllBytesWithRetry(string path, int attempts = 10)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return File.ReadAllBytes(path);
            }
            catch (IOException) when (attempt < attempts && File.Exists(path))
            {
                Thread.Sleep(50 * attempt);
            }
        }
    }
}
