// MQTT.js peer driven by the interop tests. Prints one JSON object per line; the tests treat lines as signals.
// Usage: node peer.mjs <port> <protocolVersion 4|5>
import mqtt from 'mqtt';

const [, , port, versionArg] = process.argv;
const version = Number(versionArg);
const v5 = version === 5;
const say = (o) => console.log(JSON.stringify(o));

const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
  protocolVersion: version,
  clientId: `mqttjs-${version}`,
  clean: true,
  reconnectPeriod: 0,
  // MQTT 5: let MQTT.js replace repeated topics by aliases, which the broker must resolve.
  ...(v5 ? { autoUseTopicAlias: true, autoAssignTopicAlias: true } : {}),
});

client.on('connect', async (ack) => {
  say({ event: 'connect', returnCode: ack.returnCode ?? ack.reasonCode ?? 0, topicAliasMaximum: ack.properties?.topicAliasMaximum ?? null });
  const granted = await client.subscribeAsync('js/#', { qos: 2 });
  say({ event: 'subscribed', qos: granted.map((g) => g.qos) });
});

client.on('message', async (topic, payload, packet) => {
  say({ event: 'message', topic, payload: payload.toString(), qos: packet.qos, retain: packet.retain });
  if (payload.toString() === 'echo') {
    const options = { qos: 1, properties: v5 ? { contentType: 'text/plain', userProperties: { origin: 'mqtt.js' } } : undefined };
    // The same topic twice: with v5 the second PUBLISH goes out with only the topic alias.
    await client.publishAsync('js-out/echo', 'first', options);
    await client.publishAsync('js-out/echo', 'second', options);
    say({ event: 'published' });
  }
});

client.on('error', (e) => say({ event: 'error', message: e.message }));
client.on('close', () => say({ event: 'close' }));
