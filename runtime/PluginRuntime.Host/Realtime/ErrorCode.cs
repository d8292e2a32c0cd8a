namespace PluginRuntime.Host.Realtime;

/// <summary>
/// The error codes of the PlaceOS real-time websocket, as the seed numbers them. <see cref="Core.Exec.ExecStatus"/>
/// uses the same numbers, so an exec status converts by value.
/// </summary>
internal enum ErrorCode
{
    ParseError = 0,
    BadRequest = 1,
    AccessDenied = 2,
    RequestFailed = 3,
    UnknownCommand = 4,
    SystemNotFound = 5,
    ModuleNotFound = 6,
    UnexpectedFailure = 7,
}
