using System.Text.Json;
using System.Text.Json.Nodes;

namespace PluginRuntime.Drivers.Resiot.Decoding;

/// <summary>
/// The readings in a JavaScript decoder's <c>data</c>: every number (and boolean, as 0/1) found in it, keyed by its
/// path (<c>battery.voltage</c>, <c>levels[0]</c>). The kind is the last name on the path; units come from the device
/// profile, since a decoder's output says nothing about them.
/// </summary>
internal static class DataReadings
{
    // A decoder's data is operator code's output: bound what becomes readings, whatever it returns.
    private const int MaxReadings = 256;
    private const int MaxDepth = 8;

    public static IReadOnlyList<DecodedReading> Find(JsonObject data, IReadOnlyDictionary<string, string> units)
    {
        var readings = new List<DecodedReading>();
        Walk(data, "", "", 0);
        return readings;

        void Walk(JsonNode? node, string path, string name, int depth)
        {
            if (readings.Count >= MaxReadings || depth > MaxDepth)
            {
                return;
            }
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, child) in obj)
                    {
                        Walk(child, path.Length == 0 ? key : $"{path}.{key}", key, depth + 1);
                    }
                    break;
                case JsonArray array:
                    for (int i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], $"{path}[{i}]", name, depth + 1);
                    }
                    break;
                case JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out double number) && double.IsFinite(number):
                    readings.Add(new DecodedReading(path, name, number, UnitFor(path, name)));
                    break;
                case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                    readings.Add(new DecodedReading(path, name, value.GetValue<bool>() ? 1 : 0, UnitFor(path, name)));
                    break;
            }
        }

        string? UnitFor(string path, string name) =>
            units.TryGetValue(path, out var unit) || units.TryGetValue(name, out unit) ? unit : null;
    }
}
