namespace PluginRuntime.Host.Realtime;

/// <summary>
/// One command as the client sent it. <see cref="Id"/> and <see cref="Args"/> are the raw JSON bytes (copied out of
/// the receive buffer), so an id is echoed exactly as sent — a 30-digit number stays 30 digits.
/// </summary>
internal sealed class RealtimeRequest
{
    /// <summary>Raw JSON of the id (a number or a quoted string), or null when absent or unusable.</summary>
    public byte[]? Id { get; set; }

    public string? Command { get; set; }

    public string? System { get; set; }

    public string? Module { get; set; }

    /// <summary>1-based; 1 when absent or null.</summary>
    public int Index { get; set; } = 1;

    public string? Name { get; set; }

    /// <summary>Raw JSON array or object of exec arguments, or null for none.</summary>
    public byte[]? Args { get; set; }
}
