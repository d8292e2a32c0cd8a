using System.Globalization;
using System.Text.Json.Nodes;

namespace PluginRuntime.Drivers.Resiot.Decoding;

/// <summary>
/// Decodes a Cayenne LPP payload: a sequence of (channel, type, value) records. Data keys follow the TTN convention
/// (<c>temperature_1</c>, <c>accelerometer_3: {x, y, z}</c>), so a device can move between networks without its
/// bindings changing. An unknown type or a truncated record stops decoding with an error that says where; the
/// records before it are kept.
/// </summary>
internal static class CayenneLppDecoder
{
    public static DecodeResult Decode(ReadOnlySpan<byte> payload)
    {
        var data = new JsonObject();
        var readings = new List<DecodedReading>();
        var warnings = new List<string>();
        int offset = 0;
        while (offset < payload.Length)
        {
            if (payload.Length - offset < 2)
            {
                return Fail($"Cayenne LPP: a record starts at byte {offset} but the payload ends before its type byte.");
            }
            byte channel = payload[offset];
            byte typeId = payload[offset + 1];
            if (!CayenneLppTypes.ById.TryGetValue(typeId, out var type))
            {
                return Fail($"Cayenne LPP: unknown data type {typeId} (0x{typeId:x2}) on channel {channel} at byte {offset}.");
            }
            int start = offset + 2;
            if (payload.Length - start < type.Size)
            {
                return Fail($"Cayenne LPP: {type.Name} on channel {channel} needs {type.Size} bytes at byte {start}, but only {payload.Length - start} remain.");
            }
            string key = $"{type.Name}_{channel.ToString(CultureInfo.InvariantCulture)}";
            if (data.ContainsKey(key))
            {
                warnings.Add($"Cayenne LPP: channel {channel} carries {type.Name} twice; the last value is kept.");
                readings.RemoveAll(r => r.Key == key || r.Key.StartsWith(key + ".", StringComparison.Ordinal));
            }
            if (type.Fields.Length == 0)
            {
                double value = Read(payload.Slice(start, type.PartSize), type.Signed) / type.Divisors[0];
                data[key] = value;
                readings.Add(new DecodedReading(key, type.Name, value, type.Unit));
            }
            else
            {
                var parts = new JsonObject();
                for (int i = 0; i < type.Fields.Length; i++)
                {
                    double value = Read(payload.Slice(start + (i * type.PartSize), type.PartSize), type.Signed) / type.Divisors[i];
                    parts[type.Fields[i]] = value;
                    readings.Add(new DecodedReading($"{key}.{type.Fields[i]}", $"{type.Name}_{type.Fields[i]}", value, CayenneLppTypes.UnitOf(type, type.Fields[i])));
                }
                data[key] = parts;
            }
            offset = start + type.Size;
        }
        return new DecodeResult(data, readings, warnings, []);

        DecodeResult Fail(string error) => new(data, readings, warnings, [error]);
    }

    /// <summary>A big-endian integer of 1 to 4 bytes, sign-extended when the type is signed.</summary>
    private static long Read(ReadOnlySpan<byte> bytes, bool signed)
    {
        long value = 0;
        foreach (byte b in bytes)
        {
            value = (value << 8) | b;
        }
        if (signed && (bytes[0] & 0x80) != 0)
        {
            value -= 1L << (8 * bytes.Length);
        }
        return value;
    }
}
