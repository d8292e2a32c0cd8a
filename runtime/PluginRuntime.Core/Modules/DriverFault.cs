namespace PluginRuntime.Core.Modules;

/// <summary>Why a call into driver code did not produce a result.</summary>
internal enum DriverFaultKind
{
    /// <summary>The driver code threw.</summary>
    Threw,

    /// <summary>The driver code did not finish within its time limit.</summary>
    TimedOut,

    /// <summary>The module stopped while the call ran.</summary>
    Cancelled,
}

/// <summary>A failed call into driver code, with a message fit for the caller.</summary>
internal sealed record DriverFault(DriverFaultKind Kind, string Message, Exception? Exception);
