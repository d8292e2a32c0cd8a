using System.Globalization;
using System.Text.Json;
using PluginRuntime.Sdk.Protocols;

namespace PluginRuntime.Drivers.Pdk;

// Inbound events: checked against the spec (size, known name, payload schema, not seen before), then applied to status.
public partial class PdkDoorController
{
    private readonly Lock _applyLock = new();
    private readonly Dictionary<int, DoorRecord> _doors = [];
    private readonly Dictionary<string, EndpointRecord> _endpoints = new(StringComparer.OrdinalIgnoreCase);
    private readonly RecentIds _recentIds = new(4096);
    private long _dropped;

    private void OnPanelEvent(string eventName, JsonElement? payload)
    {
        try
        {
            if (Admit(eventName, payload) is { } message)
            {
                lock (_applyLock)
                {
                    Apply(message.Name, payload);
                }
            }
        }
        catch (Exception ex)
        {
            // Driver code called from the Socket.IO client's thread: nothing may escape into it.
            Logger.LogHandlerFailed(ex, eventName, ex.Message);
        }
    }

    private SpecMessage? Admit(string eventName, JsonElement? payload)
    {
        if (payload is { } json && json.GetRawText().Length is var size && size > _settings.MaxMessageBytes)
        {
            return Drop(eventName, $"its payload is {size} bytes, more than max_message_bytes ({_settings.MaxMessageBytes}).");
        }
        var spec = _spec;
        if (spec is null || !spec.TryGetInbound(eventName, out var message))
        {
            return Drop(eventName, $"the spec declares no such event ({spec?.SourceName}).");
        }
        if (message.PayloadSchema is not null)
        {
            if (payload is not { } body)
            {
                return Drop(eventName, "it has no payload, but the spec declares one.");
            }
            var reasons = message.Validate(body);
            if (reasons.Count > 0)
            {
                return Drop(eventName, "it does not conform to the spec: " + string.Join(" ", reasons));
            }
        }
        if (payload is { ValueKind: JsonValueKind.Object } withId && withId.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
        {
            bool first;
            lock (_applyLock)
            {
                first = _recentIds.Add(id.GetString()!);
            }
            if (!first)
            {
                Logger.LogDuplicate(eventName, id.GetString()!);
                return null;
            }
        }
        return message;
    }

    private SpecMessage? Drop(string eventName, string reason)
    {
        Logger.LogDropped(eventName, reason);
        SetStatus("dropped_messages", Interlocked.Increment(ref _dropped));
        return null;
    }

    private void Apply(string topic, JsonElement? payload)
    {
        var root = payload ?? default;
        var body = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("body", out var b) ? b : default;
        switch (topic)
        {
            case "invalidToken":
                StartTokenRenewal();
                return; // stands in for an event that comes later; not an event itself
            case "serverError":
                break; // handled below; says nothing about the token
            default:
                _eventSinceRenewal = true;
                break;
        }
        switch (topic)
        {
            case "command.result.succeed":
                CompleteCommand(body.GetProperty("commandId").GetString()!);
                break;
            case "serverError":
                string error = root.GetProperty("message").GetString()!;
                Logger.LogServerError(error);
                SetStatus("last_error", error);
                FailOldestCommand(error);
                break;
            case "liveEvent":
                SetStatus("live_event", new
                {
                    text = LiveText(root),
                    topic = String(root, "topic"),
                    occurred = String(root, "occurred"),
                });
                break;
            case "endpoint.discovered":
                ApplyEndpointDiscovered(body);
                break;
            case "endpoint.signal":
                ApplyEndpointSignal(body);
                break;
            case "migration.started" or "migration.staged" or "migration.completed" or "migration.task.started" or "migration.task.completed":
                SetStatus("migration", new
                {
                    state = topic["migration.".Length..],
                    task = root.ValueKind == JsonValueKind.Object ? String(root, "task") : null,
                    system_id = root.ValueKind == JsonValueKind.Object ? String(root, "systemId") : null,
                });
                break;
            default:
                if (topic.StartsWith("door.", StringComparison.Ordinal) && body.ValueKind == JsonValueKind.Object)
                {
                    ApplyDoorEvent(topic, root, body);
                }
                break;
        }
        int? doorId = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("doorId", out var d) && d.TryGetInt32(out int value) ? value : null;
        SetStatus("last_event", new EventSummary(topic, root.ValueKind == JsonValueKind.Object ? String(root, "id") : null, doorId,
            root.ValueKind == JsonValueKind.Object ? String(root, "occurred") : null));
    }

    private void ApplyDoorEvent(string topic, JsonElement root, JsonElement body)
    {
        var door = Door(body.GetProperty("doorId").GetInt32());
        if (body.TryGetProperty("door", out var info) && info.ValueKind == JsonValueKind.Object && String(info, "name") is { } name)
        {
            door.Name = name;
        }
        door.LastEvent = topic;
        switch (topic)
        {
            case "door.input.dps.opened": door.Open = true; break;
            case "door.input.dps.closed": door.Open = false; break;
            case "door.input.relay.on": door.Relay = true; break;
            case "door.input.relay.off": door.Relay = false; break;
            case "door.input.rex.on": door.Rex = true; break;
            case "door.input.rex.off": door.Rex = false; break;
            case "door.alarm.forced": door.ForcedAlarm = true; break;
            case "door.alarm.forced.cleared": door.ForcedAlarm = false; break;
            case "door.alarm.propped.on": door.ProppedAlarm = true; break;
            case "door.alarm.propped.off": door.ProppedAlarm = false; break;
            case "door.forceclose.on": door.ForceClose = true; break;
            case "door.forceclose.off": door.ForceClose = false; break;
            case "door.request.allowed" or "door.request.denied" or "door.request.unknown":
                door.LastAccess = Access(topic["door.request.".Length..], door, root, body);
                SetStatus("last_access", door.LastAccess);
                break;
        }
        WriteDoor(door);
    }

    private static AccessRecord Access(string result, DoorRecord door, JsonElement root, JsonElement body)
    {
        int? personId = body.TryGetProperty("personId", out var p) && p.TryGetInt32(out int pid) ? pid : null;
        string? personName = null;
        if (body.TryGetProperty("person", out var person) && person.ValueKind == JsonValueKind.Object)
        {
            personName = string.Join(' ', new[] { String(person, "firstName"), String(person, "lastName") }.Where(n => !string.IsNullOrEmpty(n)));
        }
        if (string.IsNullOrEmpty(personName) && root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
        {
            personName = String(metadata, "personName");
        }
        return new AccessRecord(String(root, "id"), door.Id, door.Name, result, personId,
            string.IsNullOrEmpty(personName) ? null : personName, String(body, "requestFactor"), String(root, "occurred"));
    }

    private void ApplyEndpointDiscovered(JsonElement body)
    {
        string address = body.GetProperty("address").GetString()!;
        var doors = body.TryGetProperty("doors", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(d => d.GetProperty("id").GetInt32()).ToArray()
            : [];
        _endpoints.TryGetValue(address, out var known);
        _endpoints[address] = new EndpointRecord(body.GetProperty("ioLinkId").GetInt32(), address, String(body, "ioLinkType"),
            String(body, "ioLinkName"), doors, known?.DbGain);
        foreach (var door in body.TryGetProperty("doors", out var named) && named.ValueKind == JsonValueKind.Array ? named.EnumerateArray() : default)
        {
            if (String(door, "name") is { } name)
            {
                var record = Door(door.GetProperty("id").GetInt32());
                record.Name = name;
                WriteDoor(record);
            }
        }
        WriteEndpoints();
    }

    private void ApplyEndpointSignal(JsonElement body)
    {
        string address = body.GetProperty("address").GetString()!;
        double gain = body.GetProperty("dbGain").GetDouble();
        _endpoints[address] = _endpoints.TryGetValue(address, out var known)
            ? known with { DbGain = gain }
            : new EndpointRecord(body.GetProperty("ioLinkId").GetInt32(), address, null, null, [], gain);
        WriteEndpoints();
    }

    private void WriteEndpoints() => SetStatus("endpoints", _endpoints.Values.OrderBy(e => e.IoLinkId).ThenBy(e => e.Address, StringComparer.Ordinal).ToArray());

    private DoorRecord Door(int id)
    {
        if (!_doors.TryGetValue(id, out var door))
        {
            _doors[id] = door = new DoorRecord(id);
        }
        return door;
    }

    private void WriteDoor(DoorRecord door)
    {
        SetStatus("door_" + door.Id.ToString(CultureInfo.InvariantCulture), door.Snapshot());
        SetStatus("doors", _doors.Values.OrderBy(d => d.Id).Select(d => new { id = d.Id, name = d.Name }).ToArray());
    }

    // "Person \"%s\" has requested access to the device \"%s\"." with the placeholders' texts in order.
    private static string? LiveText(JsonElement root)
    {
        if (String(root, "info") is not { } info)
        {
            return null;
        }
        var texts = root.TryGetProperty("placeholders", out var placeholders) && placeholders.ValueKind == JsonValueKind.Array
            ? placeholders.EnumerateArray().Select(p => String(p, "text") ?? "").ToArray()
            : [];
        var parts = info.Split("%s");
        var builder = new System.Text.StringBuilder(parts[0]);
        for (int i = 1; i < parts.Length; i++)
        {
            builder.Append(i - 1 < texts.Length ? texts[i - 1] : "%s").Append(parts[i]);
        }
        return builder.ToString();
    }

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
