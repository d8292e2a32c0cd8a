using PluginRuntime.Core.Exec;

namespace PluginRuntime.Host.Rest;

/// <summary>
/// RFC 7807 problem responses that carry the PlaceOS websocket error <c>code</c>, so a client handles REST and
/// websocket failures the same way. The title is the websocket error's name; the detail is the message the
/// websocket would send.
/// </summary>
/// <remarks>
/// Request failed (3) maps to 502 Bad Gateway: the runtime did its part and the module behind it (driver code or its
/// device) failed, much as a gateway reports an upstream failure. 500 is kept for unexpected failure (7), a fault
/// in the runtime itself, so monitoring can tell the two apart.
/// </remarks>
internal static class RestProblems
{
    public const int ParseErrorCode = 0;

    public static IResult ParseError(string detail) => Problem(StatusCodes.Status400BadRequest, "parse error", detail, ParseErrorCode);

    /// <summary>401 with code 2 (access denied): the websocket has no separate code for "who are you".</summary>
    public static IResult Unauthenticated(string detail) =>
        Problem(StatusCodes.Status401Unauthorized, "not authenticated", detail, (int)ExecStatus.AccessDenied);

    /// <summary>413 with code 1 (bad request): the body is over the endpoint's limit.</summary>
    public static IResult TooLarge(string detail) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "bad request", detail, (int)ExecStatus.BadRequest);

    /// <summary>415 with code 1 (bad request): the body is not declared as JSON.</summary>
    public static IResult NotJson(string detail) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "bad request", detail, (int)ExecStatus.BadRequest);

    public static IResult For(ExecStatus status, string detail) => status switch
    {
        ExecStatus.BadRequest => Problem(StatusCodes.Status400BadRequest, "bad request", detail, (int)status),
        ExecStatus.AccessDenied => Problem(StatusCodes.Status403Forbidden, "access denied", detail, (int)status),
        ExecStatus.RequestFailed => Problem(StatusCodes.Status502BadGateway, "request failed", detail, (int)status),
        ExecStatus.SystemNotFound => Problem(StatusCodes.Status404NotFound, "system not found", detail, (int)status),
        ExecStatus.ModuleNotFound => Problem(StatusCodes.Status404NotFound, "module not found", detail, (int)status),
        _ => Problem(StatusCodes.Status500InternalServerError, "unexpected failure", detail, (int)ExecStatus.UnexpectedFailure),
    };

    private static IResult Problem(int status, string title, string detail, int code) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });
}
