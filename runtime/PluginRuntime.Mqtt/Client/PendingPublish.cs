namespace PluginRuntime.Mqtt.Client;

/// <summary>A message waiting to be sent or acknowledged, and the caller waiting for the outcome.</summary>
internal sealed class PendingPublish
{
    public PendingPublish(MqttApplicationMessage message) => Message = message;

    public MqttApplicationMessage Message { get; }

    /// <summary>Assigned when the message goes in flight (QoS 1/2).</summary>
    public ushort PacketIdentifier { get; set; }

    /// <summary>QoS 2 after PUBREC: only PUBREL is resent from now on.</summary>
    public bool Released { get; set; }

    /// <summary>The PUBREC reason code, reported to the caller when PUBCOMP completes the QoS 2 flow.</summary>
    public MqttReasonCode ReceivedReasonCode { get; set; }

    public TaskCompletionSource<MqttReasonCode> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
