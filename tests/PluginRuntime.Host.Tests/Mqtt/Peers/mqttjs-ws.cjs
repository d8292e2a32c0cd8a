// MQTT.js over a websocket, driven by the MQTT face tests. Prints one JSON object per line (signals for the test).
// Usage: node mqttjs-ws.cjs <mqtt package folder> <ws url> <password> <topic filter>
// CommonJS with an explicit package folder, so the MQTT.js installed for the MQTT library's tests serves here too.
const [, , packageFolder, url, password, filter] = process.argv;
const mqtt = require(packageFolder);
const say = (o) => console.log(JSON.stringify(o));

const client = mqtt.connect(url, { username: 'mqttjs', password, protocolVersion: 4, clientId: 'mqttjs-ws', clean: true, reconnectPeriod: 0 });
client.on('connect', async () => {
  say({ event: 'connect' });
  const granted = await client.subscribeAsync(filter, { qos: 1 });
  say({ event: 'subscribed', qos: granted.map((g) => g.qos) });
});
client.on('message', (topic, payload, packet) => say({ event: 'message', topic, payload: payload.toString(), retain: packet.retain }));
client.on('error', (e) => say({ event: 'error', message: e.message }));
client.on('close', () => say({ event: 'close' }));
