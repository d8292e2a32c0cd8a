namespace PluginRuntime.Sdk.Transports;

/// <summary>The byte order of a multi-byte number on the wire.</summary>
public enum Endianness
{
    /// <summary>Most significant byte first ("network order"); the usual choice for device protocols.</summary>
    Big,

    /// <summary>Least significant byte first.</summary>
    Little,
}
