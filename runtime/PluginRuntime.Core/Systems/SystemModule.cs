namespace PluginRuntime.Core.Systems;

/// <summary>A module's place in a system: addressed as <c>Name_Index</c>.</summary>
internal sealed record SystemModule(string ModuleId, string Name, int Index)
{
    public override string ToString() => $"{Name}_{Index}";
}
