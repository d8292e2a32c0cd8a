namespace PluginRuntime.Host.Realtime;

/// <summary>What a bind names: one status key at <c>sys</c> + <c>Name_index</c>. A connection binds each at most once.</summary>
internal readonly record struct BindingKey(string System, string Module, int Index, string Name);
