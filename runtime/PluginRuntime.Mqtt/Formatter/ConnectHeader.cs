namespace PluginRuntime.Mqtt.Formatter;

/// <summary>
/// The version-independent start of a CONNECT's variable header: the flags byte, decoded and validated, and the
/// keep-alive. Versions differ only in what follows (v5 properties) and in one rule: 3.1.1 forbids a password
/// without a user name.
/// </summary>
internal readonly record struct ConnectHeader(
    bool CleanStart, bool HasWill, MqttQualityOfService WillQos, bool WillRetain, bool HasUserName, bool HasPassword, ushort KeepAliveSeconds);
