using System.Text;
using System.Text.Json;
using PluginRuntime.Drivers.Resiot.Wire;

namespace PluginRuntime.Drivers.Resiot;

public sealed partial class ResiotDriver
{
    /// <summary>
    /// One websocket message from ResIOT. Whatever is wrong with it (too big, not JSON, a type the spec doesn't
    /// know, a shape it doesn't allow) is logged with the reason and dropped; nothing of it is applied.
    /// </summary>
    protected override async Task OnReceivedAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        var settings = CurrentSettings;
        if (frame.Length > settings.MaxMessageBytes)
        {
            Drop($"a message of {frame.Length} bytes is over the limit of {settings.MaxMessageBytes} (max_message_bytes).");
            return;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(frame, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            Drop($"not JSON ({ex.Message}): {Excerpt(frame.Span)}");
            return;
        }
        using (document)
        {
            await HandleAsync(document.RootElement, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(JsonElement root, CancellationToken cancellationToken)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Drop($"a message should be a JSON object, but got {Excerpt(root)}.");
            return;
        }
        string? name = MessageReader.NameOf(root);
        if (name is null)
        {
            Drop($"a message with neither CommType, MsgType nor Result: {Excerpt(root)}");
            return;
        }
        if (!TryCheckAgainstSpec(name, root, out var problem))
        {
            Drop(problem);
            return;
        }
        try
        {
            if (name == TxResult.MessageName)
            {
                HandleTxResult(MessageReader.ReadTxResult(root));
                return;
            }
            var communication = MessageReader.ReadCommunication(root, name);
            await HandleCommunicationAsync(communication, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException ex)
        {
            Drop($"{name}: {ex.Message}");
        }
    }

    private Task HandleCommunicationAsync(Communication communication, CancellationToken cancellationToken)
    {
        switch (communication.Type)
        {
            case Communication.Rx:
                return HandleUplinkAsync(communication, cancellationToken);
            case Communication.Join:
                HandleJoin(communication);
                break;
            case Communication.GatewayAlive:
                HandleGatewayAlive(communication);
                break;
            case Communication.Tx:
            case Communication.TxConfirm:
                HandleDownlinkLog(communication);
                break;
            default:
                // The spec knows it but this driver version doesn't act on it: say so once per message.
                Drop($"the communication type '{communication.Type}' is in the spec but this driver does not handle it.");
                break;
        }
        return Task.CompletedTask;
    }

    private static string Excerpt(ReadOnlySpan<byte> bytes)
    {
        string text = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 120)]);
        return bytes.Length > 120 ? text + "…" : text;
    }

    private static string Excerpt(JsonElement value)
    {
        string text = value.GetRawText();
        return text.Length > 120 ? text[..120] + "…" : text;
    }
}
