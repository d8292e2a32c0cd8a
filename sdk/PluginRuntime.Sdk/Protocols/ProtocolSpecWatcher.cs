using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace PluginRuntime.Sdk.Protocols;

/// <summary>
/// Reads a spec file and reads it again whenever it changes, handing each good version to a callback (a driver
/// declares its methods again there). A version that doesn't parse is logged with its <c>file:line:col</c> and the
/// last good one stays in use. Dispose it (or cancel its token) to stop watching.
/// </summary>
public sealed class ProtocolSpecWatcher : IDisposable
{
    private readonly string _path;
    private readonly Action<ProtocolSpec> _onChanged;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher _watcher;
    private readonly Lock _lock = new();
    private byte[] _lastHash = [];
    private bool _disposed;

    private ProtocolSpecWatcher(string path, ProtocolSpec first, byte[] hash, Action<ProtocolSpec> onChanged, ILogger logger)
    {
        _path = Path.GetFullPath(path);
        Current = first;
        _lastHash = hash;
        _onChanged = onChanged;
        _logger = logger;
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Reload();
        _watcher.Created += (_, _) => Reload();
        _watcher.Renamed += (_, _) => Reload();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>The spec in use: the last version that parsed.</summary>
    public ProtocolSpec Current { get; private set; }

    /// <summary>
    /// Loads <paramref name="path"/> (throwing <see cref="ProtocolSpecException"/> if the first version is bad) and
    /// starts watching it. <paramref name="onChanged"/> runs for each later version that parses and differs.
    /// </summary>
    public static ProtocolSpecWatcher Start(string path, Action<ProtocolSpec> onChanged, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(onChanged);
        ArgumentNullException.ThrowIfNull(logger);
        string text = ReadText(path) ?? throw new ProtocolSpecException(path, 1, 1, "cannot read the spec file (missing or locked).");
        var spec = ProtocolSpec.Parse(text, path);
        return new ProtocolSpecWatcher(path, spec, Hash(text), onChanged, logger);
    }

    /// <summary>
    /// Reads the file again now (what a change notification does); returns true when a new version was taken. When it
    /// returns, the latest version (whoever read it) has been handed to the callback.
    /// </summary>
    public bool Reload()
    {
        // One lock around reading and applying: a caller never sees the file's version taken but not yet applied.
        lock (_lock)
        {
            if (_disposed)
            {
                return false;
            }
            string? text = ReadText(_path);
            if (text is null)
            {
                return false; // being replaced; the next notification reads it
            }
            byte[] hash = Hash(text);
            if (hash.AsSpan().SequenceEqual(_lastHash))
            {
                return false; // one save raises several notifications
            }
            _lastHash = hash;
            ProtocolSpec spec;
            try
            {
                spec = ProtocolSpec.Parse(text, _path);
            }
            catch (ProtocolSpecException ex)
            {
                _logger.LogError("Spec change not applied, still using the previous version: {Error}", ex.Message);
                return false;
            }
            Current = spec;
            _logger.LogInformation("Spec {Path} changed: {Inbound} inbound and {Outbound} outbound messages", _path, spec.Inbound.Count, spec.Outbound.Count);
            try
            {
                _onChanged(spec);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Applying the changed spec {Path} failed: {Message}", _path, ex.Message);
            }
            return true;
        }
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static byte[] Hash(string text) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }
        _watcher.Dispose();
    }
}
