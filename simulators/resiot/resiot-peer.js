#!/usr/bin/env node
// A ResIOT websocket peer, speaking the protocol of shared/seeds/resiot-websocket.txt (specs/resiot-websocket.asyncapi.yaml).
//
//   node resiot-peer.js [--port N] [--host 127.0.0.1] [--path /ws/...]            test-control mode
//   node resiot-peer.js --simulate [--port 8090] [--interval 5] [--path /ws/...]   demo mode
//
// Both modes print one JSON line per event on stdout; the first is {"event":"listening","port":N} (port 0 lets the OS
// choose). Test-control mode reads one JSON command per line on stdin:
//   {"send": <object>}           send this communication to every connected client
//   {"send_text": "<text>"}      send exactly this text (malformed input for the driver)
//   {"tx_mode": "auto"}          answer each TX command: validated as the seed says → Success or Fail (default)
//   {"tx_mode": "fail", "details": "..."}   answer every TX command with Fail and these details
//   {"tx_mode": "silent"}        never answer (the driver's timeout)
//   {"close": true}              close every client connection
// and prints {"event":"connected"}, {"event":"disconnected"}, {"event":"received","text":"<what a client sent>"}
// and {"event":"sent","text":"..."} for what it sent to clients.
'use strict';

const { WebSocketServer } = require('ws');
const readline = require('readline');
const { validateTx, txResult, communication } = require('./resiot-protocol');

const args = parseArgs(process.argv.slice(2));
const clients = new Set();
let txMode = { mode: 'auto', details: '' };

const server = new WebSocketServer({ host: args.host, port: args.port, path: args.path, maxPayload: 16 * 1024 * 1024 });
server.on('listening', () => emit({ event: 'listening', port: server.address().port, path: args.path || '/' }));
server.on('connection', socket => {
  clients.add(socket);
  emit({ event: 'connected' });
  socket.on('message', (data, isBinary) => onClientMessage(socket, isBinary ? data : data.toString('utf8')));
  socket.on('close', () => {
    clients.delete(socket);
    emit({ event: 'disconnected' });
  });
  socket.on('error', err => emit({ event: 'error', message: err.message }));
  if (args.simulate) {
    simulation.onClient(socket);
  }
});

if (args.simulate) {
  var simulation = require('./resiot-demo').start({ broadcast, interval: args.interval });
} else {
  readline.createInterface({ input: process.stdin }).on('line', onControl).on('close', () => process.exit(0));
}

process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));

function onControl(line) {
  if (!line.trim()) return;
  let command;
  try {
    command = JSON.parse(line);
  } catch (err) {
    emit({ event: 'control_error', message: 'not JSON: ' + err.message });
    return;
  }
  if ('send' in command) broadcast(JSON.stringify(command.send));
  else if ('send_text' in command) broadcast(String(command.send_text));
  else if ('tx_mode' in command) txMode = { mode: command.tx_mode, details: command.details || '' };
  else if (command.close) for (const socket of clients) socket.close(1000, 'closed by the test');
  else emit({ event: 'control_error', message: 'unknown command: ' + line });
  emit({ event: 'control_done' });
}

function onClientMessage(socket, text) {
  emit({ event: 'received', text: typeof text === 'string' ? text : '<binary ' + text.length + ' bytes>' });
  let request;
  try {
    request = JSON.parse(text);
  } catch (err) {
    reply(socket, txResult('Fail', 'Invalid JSON: ' + err.message, ''));
    return;
  }
  const reference = request && typeof request.Reference === 'string' ? request.Reference : '';
  if (txMode.mode === 'silent') return;
  if (txMode.mode === 'fail') {
    reply(socket, txResult('Fail', txMode.details, reference));
    return;
  }
  const problem = validateTx(request);
  if (problem) {
    reply(socket, txResult('Fail', problem.details, problem.reference ?? reference));
    return;
  }
  reply(socket, txResult('Success', '', reference));
  // The platform's communication log then shows the downlink (the seed's comm_tx example).
  const tx = request.normalised;
  broadcast(JSON.stringify(communication('comm_tx', {
    AppEui: tx.appEui,
    DevEui: tx.devEui,
    Port: String(tx.port),
    Payload: tx.hexPayload,
    Command: '',
    Reference: reference,
    Confirmation: tx.confirm,
    Extra: { priority: 0, window: 'BOTH' },
  })));
  if (args.simulate && tx.confirm) {
    simulation.confirmLater(tx, reference);
  }
}

function reply(socket, message) {
  const text = JSON.stringify(message);
  socket.send(text);
  if (!args.simulate) emit({ event: 'sent', text });
}

function broadcast(text) {
  for (const socket of clients) socket.send(text);
  // The demo runs as a sidecar whose every output line is logged: it reports connections and commands only.
  if (!args.simulate) emit({ event: 'sent', text: text.length > 2000 ? text.slice(0, 2000) + '…' : text });
}

function emit(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

function parseArgs(argv) {
  const result = { host: '127.0.0.1', port: undefined, path: undefined, simulate: false, interval: 5 };
  for (let i = 0; i < argv.length; i++) {
    switch (argv[i]) {
      case '--simulate': result.simulate = true; break;
      case '--port': result.port = Number(argv[++i]); break;
      case '--host': result.host = argv[++i]; break;
      case '--path': result.path = argv[++i]; break;
      case '--interval': result.interval = Number(argv[++i]); break;
      default:
        process.stderr.write('unknown argument ' + argv[i] + '\n');
        process.exit(2);
    }
  }
  if (result.port === undefined) result.port = result.simulate ? 8090 : 0;
  return result;
}
