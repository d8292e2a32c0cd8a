using System.Globalization;

namespace PluginRuntime.Drivers.Resiot.Wire;

/// <summary>An uplink's radio metadata, which ResIOT carries as text in <c>Extra</c> (<c>"rssi": "-18"</c>).</summary>
internal sealed record RadioMetadata(double? Rssi, double? Snr, int? SpreadingFactor, double? FrequencyMhz, long? SequenceNumber, int? Channel, bool? Adr, bool? Duplicate)
{
    public static RadioMetadata From(IReadOnlyDictionary<string, string> extra) => new(
        Double(extra, "rssi"),
        Double(extra, "snr"),
        Int(extra, "sf"),
        Double(extra, "frequency"),
        Long(extra, "seqno"),
        Int(extra, "channel"),
        Bool(extra, "adr"),
        Bool(extra, "duplicate"));

    private static double? Double(IReadOnlyDictionary<string, string> extra, string key) =>
        extra.TryGetValue(key, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : null;

    private static long? Long(IReadOnlyDictionary<string, string> extra, string key) =>
        extra.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    private static int? Int(IReadOnlyDictionary<string, string> extra, string key) =>
        extra.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static bool? Bool(IReadOnlyDictionary<string, string> extra, string key) =>
        extra.TryGetValue(key, out var text) && bool.TryParse(text, out var value) ? value : null;
}
