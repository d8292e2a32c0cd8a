using System.Text.Json;
using System.Text.Json.Nodes;
using PluginRuntime.Drivers.Pdk.Connection;
using PluginRuntime.Sdk.Commands;
using PluginRuntime.Sdk.Protocols;

namespace PluginRuntime.Drivers.Pdk;

// Commands: every outbound message of the spec is a method (SpecMethods); a call sends {id, topic, body} and waits
// for command.result.succeed with body.commandId = id, a serverError, or the timeout.
public partial class PdkDoorController
{
    private readonly Lock _pendingLock = new();
    private readonly List<PendingCommand> _pending = [];

    private async ValueTask<JsonNode?> SendCommandAsync(SpecMessage message, JsonObject arguments, CancellationToken cancellationToken)
    {
        if (!_connected || _connection is not { } connection)
        {
            throw new PanelConnectionException($"Not connected to the PDK panel at {_settings.PanelUrl}; '{message.Name}' was not sent.");
        }
        string id = Guid.NewGuid().ToString();
        var payload = new JsonObject { ["id"] = id, ["topic"] = message.Name };
        if (message.ArgumentsProperty is { } bodyProperty)
        {
            payload[bodyProperty] = arguments.DeepClone();
        }
        else
        {
            foreach (var (name, value) in arguments)
            {
                payload[name] = value?.DeepClone();
            }
        }
        // The envelope is ours: if the spec's schema refuses it, the spec and this driver disagree.
        var reasons = message.Validate(JsonSerializer.SerializeToElement(payload));
        if (reasons.Count > 0)
        {
            throw new InvalidOperationException($"'{message.Name}' as built does not conform to {message.Name}'s schema in the spec: {string.Join(" ", reasons)}");
        }

        var pending = new PendingCommand(id, message.Name);
        lock (_pendingLock)
        {
            _pending.Add(pending);
        }
        try
        {
            await connection.EmitAsync(message.ChannelAddress ?? message.Name, payload, cancellationToken).ConfigureAwait(false);
            await pending.Result.Task.WaitAsync(_settings.CommandTimeout, Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new CommandTimeoutException(
                $"The panel did not confirm '{message.Name}' (command {id}) within {_settings.CommandTimeout.TotalSeconds} s.", message.Name, 1, ex);
        }
        finally
        {
            lock (_pendingLock)
            {
                _pending.Remove(pending);
            }
        }
        OnCommandSucceeded(message.Name, arguments);
        return new JsonObject { ["command_id"] = id, ["topic"] = message.Name };
    }

    private void CompleteCommand(string commandId)
    {
        PendingCommand? pending;
        lock (_pendingLock)
        {
            pending = _pending.Find(p => p.Id == commandId);
        }
        pending?.Result.TrySetResult();
    }

    // serverError names no command: the panel handles one socket's commands in order, so the error belongs to the
    // oldest command still waiting. With none waiting it is only reported (status last_error, log).
    private void FailOldestCommand(string error)
    {
        PendingCommand? pending;
        lock (_pendingLock)
        {
            pending = _pending.Find(p => !p.Result.Task.IsCompleted);
        }
        pending?.Result.TrySetException(new CommandFailedException($"The panel refused '{pending.Topic}': {error}", pending.Topic, 1));
    }

    private void FailAllPending(string reason)
    {
        PendingCommand[] pending;
        lock (_pendingLock)
        {
            pending = [.. _pending];
        }
        foreach (var command in pending)
        {
            command.Result.TrySetException(new CommandFailedException(reason, command.Topic, 1));
        }
    }

    // door.actuate.dnd toggles do-not-disturb, which no event reports: the confirmation is the only news of it.
    private void OnCommandSucceeded(string topic, JsonObject arguments)
    {
        if (topic != "door.actuate.dnd" || arguments["doorId"] is not JsonValue doorValue || !doorValue.TryGetValue(out int doorId))
        {
            return;
        }
        lock (_applyLock)
        {
            var door = Door(doorId);
            door.Dnd = !(door.Dnd ?? false);
            WriteDoor(door);
        }
    }

    private sealed class PendingCommand(string id, string topic)
    {
        public string Id { get; } = id;

        public string Topic { get; } = topic;

        public TaskCompletionSource Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
