namespace PluginRuntime.Core.Exec;

/// <summary>An exec's result: on success the method's return value as UTF-8 JSON; otherwise a status and a message.</summary>
internal sealed record ExecResult(ExecStatus Status, byte[]? Json, string? Error)
{
    public bool IsSuccess => Status == ExecStatus.Success;

    public static ExecResult Ok(byte[] json) => new(ExecStatus.Success, json, null);

    public static ExecResult Fail(ExecStatus status, string error) => new(status, null, error);
}
