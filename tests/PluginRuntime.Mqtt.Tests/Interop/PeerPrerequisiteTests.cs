using PluginRuntime.Mqtt.Tests.Support;

namespace PluginRuntime.Mqtt.Tests.Interop;

public sealed class PeerPrerequisiteTests
{
    [Fact]
    public void A_missing_peer_program_fails_with_the_package_to_install_instead_of_skipping()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => PeerProcess.Find("mosquitto_sub-not-installed"));

        Assert.Contains("apt-get install -y mosquitto mosquitto-clients", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mosquitto")]
    [InlineData("mosquitto_sub")]
    [InlineData("mosquitto_pub")]
    [InlineData("mosquitto_passwd")]
    [InlineData("stdbuf")]
    [InlineData("node")]
    public void Every_peer_program_the_interop_tests_use_is_installed(string program)
    {
        Assert.True(File.Exists(PeerProcess.Find(program)));
    }

    [Fact]
    public void The_mqttjs_peer_is_installed()
    {
        Assert.True(Directory.Exists(Path.Combine(MqttJs.PeerDirectory(), "node_modules", "mqtt")));
    }
}
