namespace PluginRuntime.Core.Exec;

/// <summary>
/// The outcome of an exec. The numbers are the PlaceOS real-time websocket error codes, so every face reports the
/// same meaning (REST maps them to HTTP statuses).
/// </summary>
internal enum ExecStatus
{
    Success = -1,
    BadRequest = 1,
    AccessDenied = 2,
    RequestFailed = 3,
    SystemNotFound = 5,
    ModuleNotFound = 6,
    UnexpectedFailure = 7,
}
