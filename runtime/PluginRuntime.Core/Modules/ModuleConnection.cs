namespace PluginRuntime.Core.Modules;

/// <summary>Where a module's device is: TCP (<see cref="Ip"/> and <see cref="Port"/>) or a uri (http, https, ws, wss).</summary>
internal sealed record ModuleConnection(string? Ip, int? Port, Uri? Uri)
{
    public static readonly ModuleConnection None = new(null, null, null);

    public bool IsTcp => Ip is not null && Port is not null;

    public bool IsWebSocket => Uri is { Scheme: "ws" or "wss" };

    public bool IsHttp => Uri is { Scheme: "http" or "https" };

    public override string ToString() => IsTcp ? $"tcp://{Ip}:{Port}" : Uri?.ToString() ?? "none";
}
