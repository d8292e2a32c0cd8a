#!/usr/bin/env node
// A ProdataKey PDK panel's Streaming API (seed: pdk-streaming-api.txt) on Socket.IO 2, for tests and the demo.
//
//   node pdk-panel.js [--port 0] [--token panel-token] [--simulate] [--interval-ms 4000]
//
// Clients connect with the panel token in the query (?token=...). Events are emitted as the Socket.IO event named by
// their topic, shaped as in the seed; commands arrive as the "command" event {id, topic, body} and are confirmed
// with command.result.succeed {body: {commandId}} or refused with serverError {message}. After the token expires,
// each event is replaced by invalidToken; renewedToken {token} with a fresh token (POST /token issues one, like the
// PDK token endpoint) brings the events that occurred meanwhile, in order.
//
// Control (tests): one JSON object per line on stdin, each answered on stdout with {"event":"ack","seq":...}.
// Everything the panel observes (connections, commands, renewals) is printed on stdout as one JSON line.
// --simulate: doors are swiped, opened and closed over time (the demo).
'use strict';

const http = require('http');
const crypto = require('crypto');
const readline = require('readline');
const socketio = require('socket.io');

const args = parseArgs(process.argv.slice(2));
const port = Number(args.port ?? 0);
const simulate = args.simulate === true;
const intervalMs = Number(args['interval-ms'] ?? 4000);

const doors = new Map([
  [1, { id: 1, name: 'Front Door', port: 1, metadata: {}, connection: 1, partitions: [0] }],
  [2, { id: 2, name: 'Back Door', port: 2, metadata: {}, connection: 1, partitions: [0] }],
  [3, { id: 3, name: 'Server Room', port: 1, metadata: {}, connection: 2, partitions: [0] }],
]);
const people = new Map([
  [1, { id: 1, firstName: 'Ada', lastName: 'Lovelace', enabled: true, partition: 0, activeDate: null, expireDate: null, metadata: {} }],
  [2, { id: 2, firstName: 'Grace', lastName: 'Hopper', enabled: true, partition: 0, activeDate: null, expireDate: null, metadata: {} }],
]);
const endpoints = [
  { ioLinkId: 1, address: '0013a200400a393b', ioLinkType: 'wirelessCoordinator', ioLinkName: 'wimac', doors: [1, 2], dbGain: 40 },
  { ioLinkId: 2, address: '0013a200400a393c', ioLinkType: 'wirelessCoordinator', ioLinkName: 'wimac-2', doors: [3], dbGain: 27 },
];
const doorCommands = new Set(['door.actuate.close', 'door.actuate.dnd', 'door.actuate.forcetoggle', 'door.actuate.open',
  'door.alarm.forced.clear', 'door.try.dwellopen', 'door.try.open']);
const commands = new Set([...doorCommands, 'endpoint.discover', 'endpoint.querysignal']);

const validTokens = new Set([String(args.token ?? 'panel-token')]);
const forceClosed = new Set();
let commandMode = { mode: 'succeed' };
let heldTokenRequests = null; // while set, POST /token waits (tests make a renewal happen after chosen events)

function out(record) {
  process.stdout.write(JSON.stringify(record) + '\n');
}

const server = http.createServer((req, res) => {
  // The PDK token endpoint answers a POST with {"token": "..."}.
  if (req.method === 'POST' && req.url.startsWith('/token')) {
    if (heldTokenRequests) {
      heldTokenRequests.push(() => server.emit('request', req, res));
      out({ event: 'token-request-held' });
      return;
    }
    const token = 'panel-token-' + crypto.randomUUID();
    validTokens.add(token);
    out({ event: 'token-issued', token });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token }));
    return;
  }
  if (req.url.startsWith('/socket.io')) return; // socket.io answers these
  res.writeHead(404);
  res.end();
});
const io = socketio(server, { serveClient: false, pingInterval: 10000, pingTimeout: 5000 });

io.use((socket, next) => {
  const token = socket.handshake.query && socket.handshake.query.token;
  if (!token || !validTokens.has(token)) {
    out({ event: 'refused', token: token ?? null });
    return next(new Error('Authentication error'));
  }
  socket.data = { token, expired: false, missed: [] };
  next();
});

io.on('connection', (socket) => {
  out({ event: 'connected', id: socket.id, token: socket.data.token });
  socket.on('command', (command) => onCommand(socket, command));
  socket.on('renewedToken', (renewal) => onRenewedToken(socket, renewal));
  socket.on('disconnect', (reason) => out({ event: 'disconnected', id: socket.id, reason }));
});

function onCommand(socket, command) {
  out({ event: 'command', command });
  if (!command || typeof command !== 'object' || typeof command.topic !== 'string') {
    return socket.emit('serverError', { message: 'Command is malformed.' });
  }
  if (!commands.has(command.topic)) {
    return socket.emit('serverError', { message: 'Command is not supported.' });
  }
  if (commandMode.mode === 'silent') return;
  if (commandMode.mode === 'error') return socket.emit('serverError', { message: commandMode.message ?? 'Command failed.' });
  const body = command.body ?? {};
  if (doorCommands.has(command.topic) && !doors.has(body.doorId)) {
    return socket.emit('serverError', { message: `Door ${body.doorId} not found.` });
  }
  const endpoint = endpoints.find((e) => e.ioLinkId === body.ioLinkId && e.address === body.address);
  if (command.topic === 'endpoint.querysignal' && !endpoint) {
    return socket.emit('serverError', { message: 'Endpoint not found.' });
  }
  deliver(socket, 'command.result.succeed', {
    id: crypto.randomUUID(), topic: 'command.result.succeed', body: { commandId: command.id },
    occurred: occurredNow(), metadata: { occurred: Date.now() },
  });
  for (const [topic, eventBody] of effectsOf(command.topic, body, endpoint)) {
    broadcast(topic, eventBody);
  }
  if (simulate && (command.topic === 'door.try.dwellopen' || command.topic === 'door.try.open')) {
    const dwell = command.topic === 'door.try.dwellopen' ? body.dwell * 100 : 5000;
    setTimeout(() => broadcast('door.input.relay.off', doorBody(body.doorId)), dwell);
  }
}

function effectsOf(topic, body, endpoint) {
  switch (topic) {
    case 'door.actuate.open': case 'door.try.open': case 'door.try.dwellopen':
      return [['door.input.relay.on', doorBody(body.doorId)]];
    case 'door.actuate.close':
      return [['door.input.relay.off', doorBody(body.doorId)]];
    case 'door.actuate.forcetoggle': {
      const on = !forceClosed.has(body.doorId);
      if (on) forceClosed.add(body.doorId); else forceClosed.delete(body.doorId);
      return [[on ? 'door.forceclose.on' : 'door.forceclose.off', doorBody(body.doorId)]];
    }
    case 'door.alarm.forced.clear':
      return [['door.alarm.forced.cleared', doorBody(body.doorId)]];
    case 'endpoint.discover':
      return endpoints.map((e) => ['endpoint.discovered', {
        ioLinkId: e.ioLinkId, address: e.address, ioLinkType: e.ioLinkType, ioLinkName: e.ioLinkName,
        doors: e.doors.map((id) => ({ id, port: doors.get(id).port, name: doors.get(id).name })),
      }]);
    case 'endpoint.querysignal':
      return [['endpoint.signal', { ioLinkId: endpoint.ioLinkId, address: endpoint.address, dbGain: endpoint.dbGain }]];
    default:
      return []; // door.actuate.dnd: the Streaming API has no event for it
  }
}

function onRenewedToken(socket, renewal) {
  const token = renewal && renewal.token;
  out({ event: 'renewedToken', token: token ?? null });
  if (!validTokens.has(token)) return socket.emit('serverError', { message: 'Invalid token.' });
  socket.data.token = token;
  socket.data.expired = false;
  const missed = socket.data.missed.splice(0);
  for (const [event, payload] of missed) socket.emit(event, payload);
  out({ event: 'replayed', count: missed.length });
}

// An event as the seed shapes it: request events carry an id and metadata, door inputs and alarms only a topic,
// body and occurred time; endpoint events have no occurred on discovery.
function eventPayload(topic, body) {
  const payload = { topic, body, occurred: occurredNow() };
  if (topic.startsWith('door.request.')) {
    payload.id = crypto.randomUUID();
    payload.metadata = { occurred: Date.now(), doorName: doors.get(body.doorId)?.name };
    if (body.person) payload.metadata.personName = `${body.person.firstName} ${body.person.lastName}`;
  }
  if (topic === 'endpoint.discovered') delete payload.occurred;
  return payload;
}

function broadcast(topic, body) {
  const payload = eventPayload(topic, body);
  for (const socket of allSockets()) deliver(socket, topic, payload);
  if (topic.startsWith('door.request.')) broadcastLiveEvent(topic, body);
}

function broadcastLiveEvent(topic, body) {
  const door = doors.get(body.doorId);
  const result = topic === 'door.request.allowed' ? 'Access allowed' : topic === 'door.request.denied' ? 'Access denied' : 'Credential unknown';
  const live = body.person
    ? { info: `Person "%s" has requested access to the device "%s". ${result}.`, placeholders: [
      { text: `${body.person.firstName} ${body.person.lastName}`, id: body.person.id, type: 'person' },
      { text: door.name, id: door.id, type: 'door' }] }
    : { info: `Unknown credential presented at the device "%s". ${result}.`, placeholders: [{ text: door.name, id: door.id, type: 'door' }] };
  const payload = { info: live.info, occurred: occurredNow(), topic, placeholders: live.placeholders, photo: null };
  for (const socket of allSockets()) deliver(socket, 'liveEvent', payload);
}

// While a socket's token is expired, an event is replaced by invalidToken and kept for after the renewal.
function deliver(socket, event, payload) {
  if (socket.data.expired) {
    socket.data.missed.push([event, payload]);
    socket.emit('invalidToken');
    out({ event: 'invalidToken', instead: event });
    return;
  }
  socket.emit(event, payload);
}

function doorBody(doorId) {
  return { doorId, door: doors.get(doorId) ?? { id: doorId, name: `Door ${doorId}`, port: 1, connection: 1, partitions: [0], metadata: {} } };
}

function requestBody(topic, doorId, personId) {
  const body = { doorId };
  if (topic === 'door.request.unknown') {
    body.pin = '1234';
  } else {
    body.personId = personId;
    body.requestFactor = 'PIN_ONLY';
    if (topic === 'door.request.denied') body.explicit = true;
    body.person = people.get(personId);
  }
  body.door = doors.get(doorId);
  return body;
}

function occurredNow() {
  return new Date().toISOString().replace('T', ' ').slice(0, 19);
}

// --- test control over stdin -------------------------------------------------------------------------------------
function control(request) {
  switch (request.op) {
    case 'event': // a seed-shaped event: {topic, doorId, personId?}
      broadcast(request.topic, request.topic.startsWith('door.request.')
        ? requestBody(request.topic, request.doorId, request.personId ?? 1) : doorBody(request.doorId));
      break;
    case 'emit': // anything, as is: {event, args: [...]}
      for (const socket of allSockets()) socket.emit(request.event, ...(request.args ?? []));
      break;
    case 'raw': // a raw Engine.IO message, e.g. a Socket.IO packet with broken JSON
      for (const socket of allSockets()) socket.conn.write(request.packet);
      break;
    case 'expire-token': // every connected socket's token expires; a new connection needs a fresh token too
      for (const socket of allSockets()) socket.data.expired = true;
      validTokens.clear();
      break;
    case 'command-mode': // succeed | error (with message) | silent
      commandMode = request;
      break;
    case 'hold-tokens': // token requests wait until release-tokens
      heldTokenRequests = heldTokenRequests ?? [];
      break;
    case 'release-tokens': {
      const held = heldTokenRequests ?? [];
      heldTokenRequests = null;
      held.forEach((answer) => answer());
      break;
    }
    case 'disconnect':
      for (const socket of allSockets()) socket.disconnect(true);
      break;
    default:
      throw new Error(`unknown op '${request.op}'`);
  }
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) return;
  let request;
  try {
    request = JSON.parse(line);
    control(request);
    out({ event: 'ack', seq: request.seq ?? null, op: request.op });
  } catch (err) {
    out({ event: 'control-error', seq: request?.seq ?? null, message: err.message });
  }
}).on('close', () => { if (!simulate) process.exit(0); });

// --- demo ----------------------------------------------------------------------------------------------------------
function simulateTraffic() {
  const doorIds = [...doors.keys()];
  const doorId = doorIds[Math.floor(Math.random() * doorIds.length)];
  const roll = Math.random();
  if (roll < 0.6) {
    const personId = 1 + Math.floor(Math.random() * people.size);
    broadcast('door.request.allowed', requestBody('door.request.allowed', doorId, personId));
    broadcast('door.input.relay.on', doorBody(doorId));
    setTimeout(() => broadcast('door.input.dps.opened', doorBody(doorId)), 500);
    setTimeout(() => broadcast('door.input.dps.closed', doorBody(doorId)), 2500);
    setTimeout(() => broadcast('door.input.relay.off', doorBody(doorId)), 3000);
  } else if (roll < 0.75) {
    broadcast('door.request.denied', requestBody('door.request.denied', doorId, 2));
  } else if (roll < 0.85) {
    broadcast('door.request.unknown', requestBody('door.request.unknown', doorId));
  } else {
    broadcast('door.input.rex.on', doorBody(doorId));
    setTimeout(() => broadcast('door.input.rex.off', doorBody(doorId)), 1000);
  }
}

function parseArgs(list) {
  const parsed = {};
  for (let i = 0; i < list.length; i++) {
    const name = list[i].replace(/^--/, '');
    if (i + 1 < list.length && !list[i + 1].startsWith('--')) parsed[name] = list[++i];
    else parsed[name] = true;
  }
  return parsed;
}

server.listen(port, '127.0.0.1', () => {
  out({ event: 'listening', port: server.address().port, token: [...validTokens][0] });
  if (simulate) setInterval(simulateTraffic, intervalMs);
});
process.on('SIGTERM', () => process.exit(0));

// Socket.IO 2 keeps a namespace's sockets in a plain object keyed by id.
function allSockets() {
  return Object.values(io.sockets.sockets);
}
