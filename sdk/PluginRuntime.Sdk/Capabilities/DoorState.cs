namespace PluginRuntime.Sdk.Capabilities;

/// <summary>One door's latest state, as far as its controller reported it.</summary>
/// <param name="Id">Unique within the module (the controller's door id).</param>
/// <param name="Name">The door's name, when known.</param>
/// <param name="Open">True when the door position sensor reports it open; null when not reported yet.</param>
/// <param name="Unlocked">True when its lock (relay) is released; null when not reported yet.</param>
/// <param name="Alarm">True while a forced or propped alarm is active.</param>
public sealed record DoorState(string Id, string? Name, bool? Open, bool? Unlocked, bool Alarm);
