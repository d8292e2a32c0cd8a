using System.Text.Json;

namespace PluginRuntime.Drivers.Bookings.Local;

/// <summary>
/// A calendar kept in one JSON file: read again whenever the file changed on disk (an operator may edit it), written
/// atomically after each change. A file that doesn't parse is never overwritten: every call fails saying why until
/// it is fixed, so nothing in it is lost.
/// </summary>
internal sealed class CalendarFile(string path, JsonSerializerOptions json)
{
    private readonly Lock _gate = new();
    private readonly JsonSerializerOptions _writeOptions = new(json) { WriteIndented = true };
    private CalendarDocument _document = new();
    private (DateTime WrittenUtc, long Length)? _seen;

    /// <summary>The file's full path.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Reads the document (reloading it first if the file changed).</summary>
    public T Read<T>(Func<CalendarDocument, T> read)
    {
        lock (_gate)
        {
            ReloadIfChanged();
            return read(_document);
        }
    }

    /// <summary>Changes the document (reloading it first if the file changed) and writes it back.</summary>
    public T Update<T>(Func<CalendarDocument, T> change)
    {
        lock (_gate)
        {
            ReloadIfChanged();
            var result = change(_document);
            AtomicFile.WriteAllText(Path, JsonSerializer.Serialize(_document, _writeOptions));
            _seen = Stamp();
            return result;
        }
    }

    /// <summary>Creates the file with an empty calendar when it is missing.</summary>
    public void EnsureExists()
    {
        lock (_gate)
        {
            if (!File.Exists(Path))
            {
                AtomicFile.WriteAllText(Path, JsonSerializer.Serialize(new CalendarDocument(), _writeOptions));
            }
            ReloadIfChanged();
        }
    }

    private void ReloadIfChanged()
    {
        var stamp = Stamp();
        if (stamp == _seen)
        {
            return;
        }
        if (stamp is null)
        {
            _document = new CalendarDocument(); // deleted on disk: start empty; the next write creates it again
            _seen = null;
            return;
        }
        CalendarDocument? loaded;
        try
        {
            loaded = JsonSerializer.Deserialize<CalendarDocument>(File.ReadAllText(Path), json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException(
                $"Calendar file {Path} is not a valid calendar ({ex.Message}). Fix it or move it away; it is left untouched.", ex);
        }
        if (loaded?.Events.FirstOrDefault(e => e.Id is null || e.Title is null || e.End <= e.Start) is { } bad)
        {
            throw new InvalidDataException(
                $"Calendar file {Path} has an event without an id or title, or ending before it starts (id '{bad.Id}'). Fix it; it is left untouched.");
        }
        _document = loaded ?? new CalendarDocument();
        _seen = stamp;
    }

    private (DateTime, long)? Stamp()
    {
        var info = new FileInfo(Path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
    }
}
