// The --simulate mode: a small LoRa network that lives on its own. Two Cayenne LPP climate sensors join when a
// client connects and then send temperature/humidity uplinks; the gateway sends alive messages.
'use strict';

const { communication, lppTemperatureHumidity } = require('./resiot-protocol');

const APP_EUI = '006c3b194374ac7f';
const GATEWAY = '218000ac0000a05f';
const DEVICES = [
  { devEui: '0732227a557d8679', celsius: 21.5, humidity: 45, seqno: 1950, frequency: '867.3', sf: 7 },
  { devEui: '0732227a557d867a', celsius: 19.0, humidity: 52, seqno: 310, frequency: '868.1', sf: 9 },
];

function start({ broadcast, interval }) {
  let tick = 0;
  const timer = setInterval(() => {
    tick++;
    const device = DEVICES[tick % DEVICES.length];
    broadcast(JSON.stringify(uplink(device)));
    if (tick % 6 === 0) {
      broadcast(JSON.stringify(gatewayAlive()));
    }
  }, Math.max(0.2, interval) * 1000);
  timer.unref();

  return {
    onClient(socket) {
      // Devices (re)join and the gateway reports in, so a fresh client sees every kind of communication quickly.
      socket.send(JSON.stringify(gatewayAlive()));
      for (const device of DEVICES) {
        socket.send(JSON.stringify(communication('comm_join', { AppEui: APP_EUI, DevEui: device.devEui })));
      }
    },
    confirmLater(tx, reference) {
      setTimeout(() => broadcast(JSON.stringify(communication('tx_confirm', {
        AppEui: tx.appEui, DevEui: tx.devEui, Port: String(tx.port), Payload: tx.hexPayload, Reference: reference,
        Confirmation: true,
      }))), 2000).unref();
    },
  };
}

function uplink(device) {
  // A gentle random walk, so a bound value visibly changes.
  device.celsius = clamp(device.celsius + (Math.random() - 0.5), 15, 30);
  device.humidity = clamp(device.humidity + (Math.random() - 0.5) * 4, 20, 80);
  device.seqno++;
  return communication('comm_rx', {
    AppEui: APP_EUI,
    DevEui: device.devEui,
    Port: '1',
    GatewayEUIs: [GATEWAY],
    Payload: lppTemperatureHumidity(device.celsius, device.humidity),
    Extra: {
      adr: 'true',
      channel: '4',
      duplicate: 'false',
      frequency: device.frequency,
      modBW: '125',
      rssi: String(-40 - Math.round(Math.random() * 60)),
      seqno: String(device.seqno),
      sf: String(device.sf),
      snr: (Math.round(Math.random() * 200) / 10 - 5).toFixed(1),
    },
  });
}

function gatewayAlive() {
  return communication('comm_gwalive', { Connector: '69643d3139', GatewayEUIs: [GATEWAY] });
}

function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}

module.exports = { start };
