// MQTT.js conformance scenarios against a broker on 127.0.0.1, driven by BrokerWithMqttJsScenarioTests.
// Usage: node scenarios.mjs <port> <protocolVersion 4|5> <qos|retained|will|session|v5options>
// Prints one JSON object per line: {"event":"result",...} for what it observed, then {"event":"done"}.
import mqtt from 'mqtt';

const [, , port, versionArg, scenario] = process.argv;
const version = Number(versionArg);
const url = `mqtt://127.0.0.1:${port}`;
const say = (o) => console.log(JSON.stringify(o));

function connect(clientId, extra = {}) {
  const client = mqtt.connect(url, { protocolVersion: version, clientId, reconnectPeriod: 0, ...extra });
  return new Promise((resolve, reject) => {
    client.once('connect', (ack) => resolve({ client, ack }));
    client.once('error', reject);
  });
}

function nextMessage(client, topicPrefix) {
  return new Promise((resolve) => {
    const handler = (topic, payload, packet) => {
      if (!topic.startsWith(topicPrefix)) return;
      client.removeListener('message', handler);
      resolve({ topic, payload: payload.toString(), qos: packet.qos, retain: packet.retain });
    };
    client.on('message', handler);
  });
}

const scenarios = {
  // A subscriber at QoS 2 gets each publish at the QoS it was sent with.
  async qos() {
    const { client: sub } = await connect(`js-qos-sub-${version}`);
    await sub.subscribeAsync('js/q/#', { qos: 2 });
    const { client: pub } = await connect(`js-qos-pub-${version}`);
    for (const qos of [0, 1, 2]) {
      const received = nextMessage(sub, `js/q/${qos}`);
      await pub.publishAsync(`js/q/${qos}`, `at-${qos}`, { qos });
      say({ event: 'result', ...(await received) });
    }
    await pub.endAsync();
    await sub.endAsync();
  },

  // A retained message reaches a subscriber that arrives later, flagged as retained.
  async retained() {
    const { client: pub } = await connect(`js-ret-pub-${version}`);
    await pub.publishAsync('js/r', 'kept', { qos: 1, retain: true });
    await pub.endAsync();
    const { client: late } = await connect(`js-ret-late-${version}`);
    const received = nextMessage(late, 'js/r');
    await late.subscribeAsync('js/r', { qos: 1 });
    say({ event: 'result', ...(await received) });
    await late.endAsync();
  },

  // A client that vanishes without DISCONNECT has its will published.
  async will() {
    const { client: watcher } = await connect(`js-will-watch-${version}`);
    await watcher.subscribeAsync('js/will', { qos: 1 });
    const { client: victim } = await connect(`js-will-victim-${version}`, { will: { topic: 'js/will', payload: 'gone', qos: 1, retain: false } });
    const received = nextMessage(watcher, 'js/will');
    victim.stream.destroy(); // abrupt: no DISCONNECT packet
    say({ event: 'result', ...(await received) });
    victim.end(true);
    await watcher.endAsync();
  },

  // A persistent session keeps a QoS 1 message published while its client was away.
  async session() {
    const persistent = version === 5
      ? { clean: false, properties: { sessionExpiryInterval: 300 } }
      : { clean: false };
    const id = `js-persist-${version}`;
    const first = await connect(id, persistent);
    await first.client.subscribeAsync('js/s', { qos: 1 });
    await first.client.endAsync();
    const { client: pub } = await connect(`js-persist-pub-${version}`);
    await pub.publishAsync('js/s', 'while-away', { qos: 1 });
    await pub.endAsync();
    const again = mqtt.connect(url, { protocolVersion: version, clientId: id, reconnectPeriod: 0, ...persistent });
    const received = nextMessage(again, 'js/s');
    const ack = await new Promise((resolve, reject) => { again.once('connect', resolve); again.once('error', reject); });
    say({ event: 'result', sessionPresent: ack.sessionPresent, ...(await received) });
    await again.endAsync();
  },

  // MQTT 5 subscription options: no-local, and retain handling 2 (no retained messages on subscribe).
  async v5options() {
    const { client: self } = await connect('js-v5-self');
    await self.subscribeAsync('js/nl', { qos: 1, nl: true });
    const { client: other } = await connect('js-v5-other');
    const firstAtSelf = nextMessage(self, 'js/nl');
    await self.publishAsync('js/nl', 'own', { qos: 1 });
    await other.publishAsync('js/nl', 'others', { qos: 1 });
    say({ event: 'result', option: 'no_local', ...(await firstAtSelf) });

    await other.publishAsync('js/rh', 'old-retained', { qos: 1, retain: true });
    const firstRh = nextMessage(self, 'js/rh');
    await self.subscribeAsync('js/rh', { qos: 1, rh: 2 });
    await other.publishAsync('js/rh', 'live', { qos: 1 });
    say({ event: 'result', option: 'retain_handling', ...(await firstRh) });
    await self.endAsync();
    await other.endAsync();
  },
};

try {
  await scenarios[scenario]();
  say({ event: 'done' });
  process.exit(0);
} catch (e) {
  say({ event: 'error', message: e.message });
  process.exit(1);
}
