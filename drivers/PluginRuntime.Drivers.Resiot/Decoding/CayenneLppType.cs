namespace PluginRuntime.Drivers.Resiot.Decoding;

/// <summary>
/// One Cayenne LPP data type: its IPSO-based type byte, its name in decoded data, how many bytes its value takes,
/// and how to read them. <see cref="Fields"/> names the parts of a multi-part value (x/y/z, latitude/longitude/…);
/// each part is <see cref="PartSize"/> bytes, big-endian, divided by its <see cref="Divisors"/> entry.
/// </summary>
internal sealed record CayenneLppType(
    byte Id,
    string Name,
    int PartSize,
    bool Signed,
    string[] Fields,
    double[] Divisors,
    string? Unit)
{
    public int Size => PartSize * Math.Max(1, Fields.Length);

    /// <summary>A single-valued type.</summary>
    public static CayenneLppType Scalar(byte id, string name, int size, bool signed, double divisor, string? unit) =>
        new(id, name, size, signed, [], [divisor], unit);
}
