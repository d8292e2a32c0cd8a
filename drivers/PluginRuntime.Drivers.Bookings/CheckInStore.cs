using System.Text.Json;

namespace PluginRuntime.Drivers.Bookings;

/// <summary>
/// Keeps the last check-in in a small JSON file, so a module restarted mid-meeting (a runtime restart loses status)
/// still knows the meeting was checked in and doesn't release it.
/// </summary>
internal sealed class CheckInStore(string path, JsonSerializerOptions json)
{
    /// <summary>The file's path.</summary>
    public string Path { get; } = path;

    /// <summary>Reads the check-in, or null when there is none. A damaged file reads as none and says why.</summary>
    public CheckIn? Load(out string? problem)
    {
        problem = null;
        if (!File.Exists(Path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<CheckIn>(File.ReadAllText(Path), json);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            problem = ex.Message;
            return null;
        }
    }

    /// <summary>Replaces the file atomically (write a sibling, then rename), or deletes it for null.</summary>
    public void Save(CheckIn? checkIn)
    {
        if (checkIn is null)
        {
            File.Delete(Path);
            return;
        }
        AtomicFile.WriteAllText(Path, JsonSerializer.Serialize(checkIn, json));
    }
}
