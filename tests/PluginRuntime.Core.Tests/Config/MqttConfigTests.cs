using PluginRuntime.Core.Config;

namespace PluginRuntime.Core.Tests.Config;

/// <summary>The <c>mqtt:</c> and <c>privacy_filters:</c> sections: the model they load into and each error, with its position.</summary>
public sealed class MqttConfigTests : IDisposable
{
    private const string Org = "org: { id: org-acme, name: Acme Corp }\n";
    private readonly TempConfigFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Test(string yaml) => _folder.Write("test.yaml", Org + yaml);

    [Fact]
    public void Without_an_mqtt_section_the_embedded_broker_runs_on_1883_with_websocket_and_no_external_brokers()
    {
        Test("");

        var config = _folder.LoadValid();

        Assert.Equal(new EmbeddedMqttConfig(true, 1883, "127.0.0.1", true, null), config.Mqtt.Embedded);
        Assert.Empty(config.Mqtt.Brokers);
        Assert.Empty(config.PrivacyFilters);
    }

    [Fact]
    public void A_complete_mqtt_section_and_filters_load_into_the_exact_model()
    {
        var file = Test("""
            mqtt:
              embedded: { enabled: true, port: 0, address: 0.0.0.0, websocket: false, filters: [] }
              brokers:
                - name: cloud
                  host: mqtt.example.com
                  tls: true
                  username: runtime
                  password: s3cret
                  version: 5
                  filters: [emails, badge]
                - { name: local, host: 127.0.0.1, port: 1884 }
            privacy_filters:
              - name: emails
                pattern: '[^@\s]+@[^@\s]+'
                action: hash
                key: 0123456789abcdef0123
              - { name: badge, pattern: '^B-\d+$', action: mask }
              - { name: secrets, pattern: 'password', action: drop }
            """);

        var config = _folder.LoadValid();

        Assert.Equal(new EmbeddedMqttConfig(true, 0, "0.0.0.0", false, []), config.Mqtt.Embedded with { Filters = [] });
        Assert.Empty(config.Mqtt.Embedded.Filters!);
        var cloud = config.Mqtt.Brokers[0];
        Assert.Equal(("cloud", "mqtt.example.com", 8883, true, "runtime", "s3cret", MqttBrokerVersion.V500),
            (cloud.Name, cloud.Host, cloud.Port, cloud.Tls, cloud.Username, cloud.Password, cloud.Version));
        Assert.Equal(["emails", "badge"], cloud.Filters!);
        Assert.Equal(new SourceLocation(file, 5, 7), cloud.Location);
        var local = config.Mqtt.Brokers[1];
        Assert.Equal(("local", "127.0.0.1", 1884, false, null, null, MqttBrokerVersion.V311, null),
            (local.Name, local.Host, local.Port, local.Tls, local.Username, local.Password, local.Version, local.Filters));
        Assert.Equal(["emails", "badge", "secrets"], config.PrivacyFilters.Select(f => f.Name));
        Assert.Equal([PrivacyAction.Hash, PrivacyAction.Mask, PrivacyAction.Drop], config.PrivacyFilters.Select(f => f.Action));
        Assert.Equal("0123456789abcdef0123", config.PrivacyFilters[0].Key);
        Assert.Matches(config.PrivacyFilters[0].Pattern, "mail alice@example.com now");
        Assert.DoesNotContain("s3cret", cloud.ToString());
        Assert.DoesNotContain("0123456789abcdef0123", config.PrivacyFilters[0].ToString());
    }

    [Fact]
    public void Filters_may_be_declared_in_another_file_than_the_broker_that_uses_them()
    {
        _folder.Write("a.yaml", Org + "mqtt: { brokers: [ { name: b, host: h, filters: [emails] } ] }\n");
        _folder.Write("b.yaml", "privacy_filters: [ { name: emails, pattern: '@', action: mask } ]\n");

        var config = _folder.LoadValid();

        Assert.Equal(["emails"], config.Mqtt.Brokers.Single().Filters!);
    }

    [Fact]
    public void An_invalid_regex_is_reported_at_the_pattern()
    {
        var file = Test("privacy_filters:\n  - { name: bad, pattern: 'a(b', action: mask }\n");

        var error = Assert.Single(_folder.Load().Errors);

        Assert.Equal(new SourceLocation(file, 3, 27), error.Location);
        Assert.StartsWith("privacy filter 'bad': pattern is not a valid .NET regular expression (", error.Message);
        Assert.EndsWith("); fix it, and quote it in single quotes so YAML keeps backslashes", error.Message);
    }

    [Fact]
    public void An_unknown_filter_name_is_reported_where_it_is_used_with_a_suggestion()
    {
        var file = Test("""
            mqtt:
              embedded: { filters: [email] }
              brokers: [ { name: cloud, host: h, filters: [nobody] } ]
            privacy_filters: [ { name: emails, pattern: '@', action: mask } ]
            """);

        _folder.ExpectErrors(
            $"{file}:3:25: mqtt embedded: filter 'email' is not a declared privacy filter; did you mean 'emails'?",
            $"{file}:4:48: mqtt broker 'cloud': filter 'nobody' is not a declared privacy filter; declare it under 'privacy_filters:' or fix the name");
    }

    [Fact]
    public void Bad_ports_unknown_actions_versions_and_keys_are_each_explained()
    {
        var file = Test("""
            mqtt:
              embedded: { port: 70000, address: localhost }
              brokers:
                - { name: a, host: 'mqtt://x', port: 0, version: 4 }
                - { name: a, host: h, password: p }
            privacy_filters:
              - { name: f1, pattern: x, action: scramble }
              - { name: f2, pattern: x, action: hash }
              - { name: f3, pattern: x, action: hash, key: short }
              - { name: f4, pattern: x, action: drop, key: 0123456789abcdef }
            """);

        _folder.ExpectErrors(
            $"{file}:3:21: mqtt embedded: port 70000 is out of range; use a port from 1 to 65535, or 0 to let the OS choose",
            $"{file}:3:37: mqtt embedded: address 'localhost' is not an IP address; write e.g. `address: 0.0.0.0` to accept clients from the network, or leave it out for loopback only",
            $"{file}:5:24: mqtt broker 'a': host 'mqtt://x' is not a host name or IP address; write e.g. `host: mqtt.example.com` (no scheme or port)",
            $"{file}:5:42: mqtt broker 'a': port 0 is out of range; use a port from 1 to 65535 (1883 plain, 8883 TLS)",
            $"{file}:5:54: mqtt broker 'a': version '4' is not supported; use 3.1.1 or 5",
            $"{file}:6:15: duplicate mqtt broker name 'a': it is already declared at {file}:5:15; give each broker a unique name",
            $"{file}:6:37: mqtt broker 'a': MQTT 3.1.1 sends a password only with a username; add `username:` or use `version: 5`",
            $"{file}:8:37: privacy filter 'f1': action 'scramble' is not valid; use one of: hash, mask, drop",
            $"{file}:9:5: privacy filter 'f2' is missing 'key'; a hash filter needs an HMAC key of at least 16 random characters (so hashes can't be reversed by hashing guesses), e.g. from `openssl rand -hex 32`",
            $"{file}:10:48: privacy filter 'f3': key is 5 characters long; use at least 16 random characters",
            $"{file}:11:48: privacy filter 'f4': 'key' is only used by hash filters; remove it or use `action: hash`");
    }

    [Fact]
    public void Unknown_keys_and_a_second_mqtt_section_are_reported()
    {
        _folder.Write("a.yaml", Org + "mqtt: { embeded: {} }\n");
        var second = _folder.Write("b.yaml", "mqtt: { brokers: [] }\n");

        var errors = _folder.Load().Errors.Select(e => e.ToString()).ToArray();

        Assert.Equal(
        [
            $"{_folder.PathOf("a.yaml")}:2:9: unknown key 'embeded' in mqtt; did you mean 'embedded'?",
            $"{second}:1:7: a second 'mqtt' section is declared; it is already declared at {_folder.PathOf("a.yaml")}:2:7. Keep one",
        ], errors);
    }
}
