namespace PluginRuntime.Core.Engine;

/// <summary>What a config apply or a hot reload did, module by module.</summary>
internal sealed class ApplyReport
{
    public List<string> Started { get; } = [];
    public List<string> Stopped { get; } = [];
    public List<string> Restarted { get; } = [];
    public List<string> Reconnected { get; } = [];
    public List<string> SettingsUpdated { get; } = [];

    /// <summary>Driver id → why its code could not load (its modules don't run until it does).</summary>
    public Dictionary<string, string> DriverErrors { get; } = [];

    /// <summary>One entry per unloaded driver generation: completes true when its load context was collected.</summary>
    public List<Task<bool>> Unloads { get; } = [];

    public IEnumerable<string> Touched => Started.Concat(Stopped).Concat(Restarted).Concat(Reconnected).Concat(SettingsUpdated);

    public override string ToString() =>
        $"started [{string.Join(", ", Started)}], stopped [{string.Join(", ", Stopped)}], restarted [{string.Join(", ", Restarted)}], " +
        $"reconnected [{string.Join(", ", Reconnected)}], settings [{string.Join(", ", SettingsUpdated)}]" +
        (DriverErrors.Count > 0 ? $", driver errors [{string.Join("; ", DriverErrors.Select(e => $"{e.Key}: {e.Value}"))}]" : "");
}
