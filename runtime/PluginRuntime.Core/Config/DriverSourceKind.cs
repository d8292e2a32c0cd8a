namespace PluginRuntime.Core.Config;

/// <summary>How a driver's code is supplied.</summary>
internal enum DriverSourceKind
{
    /// <summary>A compiled .dll (the <c>assembly:</c> key).</summary>
    Assembly,

    /// <summary>A .cs, .csx, .js or .ts source file (the <c>script:</c> key); the extension picks the loader.</summary>
    Script,
}
