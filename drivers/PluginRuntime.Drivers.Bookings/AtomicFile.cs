namespace PluginRuntime.Drivers.Bookings;

/// <summary>Writes files so a reader (or a crash) never sees half of one.</summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> to a sibling temporary file, then renames it over <paramref name="path"/>.</summary>
    public static void WriteAllText(string path, string text)
    {
        string full = System.IO.Path.GetFullPath(path);
        string directory = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        // In the same folder, so the rename stays on one file system and is atomic.
        string temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary); // only still there when the write or the rename failed
        }
    }
}
