namespace PluginRuntime.Core.Config;

/// <summary>An external broker the runtime publishes state to (an entry of <c>mqtt: { brokers: [...] }</c>).</summary>
/// <param name="Filters">Privacy filter names applied before anything is sent to this broker; null means every declared filter.</param>
internal sealed record MqttBrokerConfig(
    string Name,
    string Host,
    int Port,
    bool Tls,
    string? Username,
    string? Password,
    MqttBrokerVersion Version,
    IReadOnlyList<string>? Filters,
    SourceLocation Location)
{
    /// <summary>Same connection and filters (location ignored): a reload that changes nothing keeps the connection.</summary>
    public bool SameAs(MqttBrokerConfig other) =>
        Name == other.Name && Host == other.Host && Port == other.Port && Tls == other.Tls && Username == other.Username
        && Password == other.Password && Version == other.Version
        && (Filters is null ? other.Filters is null : other.Filters is not null && Filters.SequenceEqual(other.Filters));

    // Records print every member by default; a password must never end up in a log line.
    public override string ToString() =>
        $"MqttBrokerConfig {{ Name = {Name}, Host = {Host}, Port = {Port}, Tls = {Tls}, Username = {Username}, " +
        $"Password = {(Password is null ? "(none)" : "***")}, Version = {Version}, Location = {Location} }}";
}
