using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PluginRuntime.Mqtt.Client;
using PluginRuntime.Mqtt.Tests.Support;

namespace PluginRuntime.Mqtt.Tests.Interop;

/// <summary>Our client over TLS to a mosquitto TLS listener with a certificate made for the test.</summary>
public sealed class ClientTlsWithMosquittoTests
{
    [Fact]
    public async Task The_client_connects_over_tls_and_its_messages_arrive()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        await using var mosquitto = await MosquittoBroker.StartAsync(listenerOptions: directory =>
        {
            File.WriteAllText(Path.Combine(directory, "cert.pem"), certificate.ExportCertificatePem());
            File.WriteAllText(Path.Combine(directory, "key.pem"), key.ExportPkcs8PrivateKeyPem());
            return [$"certfile {Path.Combine(directory, "cert.pem")}", $"keyfile {Path.Combine(directory, "key.pem")}"];
        });
        var seenCertificate = "";
        await using var client = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = mosquitto.Port,
            ClientId = "tls",
            Tls = new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                // Trust exactly the test's self-signed certificate, as a deployment would pin its broker's CA.
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                {
                    seenCertificate = presented?.GetCertHashString() ?? "";
                    return seenCertificate == certificate.GetCertHashString();
                },
            },
        });
        var received = new Signal<MqttApplicationMessage>();
        client.MessageReceived += (_, e) => received.Add(e.Message);

        await Within.Await(client.ConnectAsync(), "the TLS handshake and CONNACK");
        await Within.Await(client.SubscribeAsync("tls/#", MqttQualityOfService.AtLeastOnce), "SUBACK over TLS");
        var ack = await Within.Await(client.PublishAsync(new MqttApplicationMessage { Topic = "tls/a", Payload = Some.Bytes("secret"), QualityOfService = MqttQualityOfService.AtLeastOnce }), "PUBACK over TLS");

        Assert.Equal(certificate.GetCertHashString(), seenCertificate);
        Assert.Equal(MqttReasonCode.Success, ack);
        Assert.Equal("secret", (await received.NextAsync("our own message back over TLS")).PayloadAsString());
    }

    [Fact]
    public async Task A_certificate_the_client_does_not_trust_fails_the_connect()
    {
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        await using var mosquitto = await MosquittoBroker.StartAsync(listenerOptions: directory =>
        {
            File.WriteAllText(Path.Combine(directory, "cert.pem"), certificate.ExportCertificatePem());
            File.WriteAllText(Path.Combine(directory, "key.pem"), key.ExportPkcs8PrivateKeyPem());
            return [$"certfile {Path.Combine(directory, "cert.pem")}", $"keyfile {Path.Combine(directory, "key.pem")}"];
        });
        await using var client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = mosquitto.Port, Tls = new SslClientAuthenticationOptions { TargetHost = "localhost" } });

        await Assert.ThrowsAsync<System.Security.Authentication.AuthenticationException>(() => Within.Await(client.ConnectAsync(), "the refused TLS handshake"));
    }
}
