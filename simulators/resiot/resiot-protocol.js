// The ResIOT websocket's messages, as shared/seeds/resiot-websocket.txt documents them.
'use strict';

// ResIOT decodes commands with Go's encoding/json, which matches field names case-insensitively: the seed itself
// writes "DevEUI" in the command's field list and "DevEui" in its example. So does this peer.
function field(object, name) {
  const key = Object.keys(object).find(k => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : object[key];
}

/** Checks a TX command; null when it is valid, else {details, reference}. Adds request.normalised when valid. */
function validateTx(request) {
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    return { details: 'The command must be a JSON object' };
  }
  const reference = field(request, 'Reference');
  if (reference !== undefined && typeof reference !== 'string') return { details: 'Reference must be a string', reference: '' };
  const fn = field(request, 'function');
  if (fn !== 'TX') return { details: `Unknown function '${fn}': so far only 'TX' is allowed` };
  const appEui = field(request, 'AppEui');
  const devEui = field(request, 'DevEui');
  const port = field(request, 'Port');
  const payload = field(request, 'Payload') ?? '';
  const raw = field(request, 'Raw') ?? false;
  const confirm = field(request, 'Confirm') ?? false;
  for (const [name, value] of [['Connector', field(request, 'Connector')], ['WSCommand', field(request, 'WSCommand')]]) {
    if (value !== undefined && typeof value !== 'string') return { details: `${name} must be a string` };
  }
  if (typeof appEui !== 'string' || appEui === '') return { details: 'AppEui is required' };
  if (typeof devEui !== 'string' || devEui === '') return { details: 'DevEUI is required' };
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 255) return { details: 'Port is required and must be a number from 1 to 255' };
  if (typeof payload !== 'string') return { details: 'Payload must be a string' };
  if (typeof raw !== 'boolean') return { details: 'Raw must be a boolean' };
  if (typeof confirm !== 'boolean') return { details: 'Confirm must be a boolean' };
  if (!raw && !/^([0-9a-fA-F]{2})*$/.test(payload)) return { details: 'Payload is not hex encoded (set Raw to true to send it as is)' };
  request.normalised = {
    appEui,
    devEui,
    port,
    confirm,
    hexPayload: raw ? Buffer.from(payload, 'utf8').toString('hex') : payload.toLowerCase(),
  };
  return null;
}

function txResult(result, details, reference) {
  return { Result: result, Details: details, Reference: reference };
}

/** A device communication in the shape of the seed's examples. */
function communication(commType, fields) {
  return {
    CommType: commType,
    Connector: fields.Connector ?? '636f6e313332',
    AppEui: fields.AppEui ?? '',
    DevEui: fields.DevEui ?? '',
    Port: fields.Port ?? '',
    GatewayEUIs: fields.GatewayEUIs ?? [],
    Payload: fields.Payload ?? '',
    ...(fields.Command !== undefined ? { Command: fields.Command } : {}),
    ...(fields.Reference !== undefined ? { Reference: fields.Reference } : {}),
    ...(fields.Confirmation !== undefined ? { Confirmation: fields.Confirmation } : {}),
    Extra: fields.Extra ?? {},
    DT: fields.DT ?? new Date().toISOString(),
  };
}

/** Cayenne LPP: channel 1 temperature (0.1 °C, signed), channel 2 relative humidity (0.5 %). */
function lppTemperatureHumidity(celsius, humidity) {
  const t = Math.round(celsius * 10);
  const bytes = Buffer.from([1, 103, (t >> 8) & 0xff, t & 0xff, 2, 104, Math.round(humidity * 2) & 0xff]);
  return bytes.toString('hex');
}

module.exports = { validateTx, txResult, communication, lppTemperatureHumidity, field };
