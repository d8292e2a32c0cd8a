// The ResIOT driver's JavaScript decoder host: runs operator-written TTN-style decoders (decodeUplink(input) →
// {data, warnings, errors}) for the driver, which starts it as a child process (`node -e <this file>`).
//
// Protocol: one JSON object per line on stdin, one answer per line on stdout, matched by id.
//   {"id":1,"op":"load","name":"counter","source":"function decodeUplink(input) {…}"}  → {"id":1,"ok":true}
//   {"id":2,"op":"decode","name":"counter","bytes":[1,2],"fPort":1}  → {"id":2,"ok":true,"result":{data,warnings,errors}}
// A failure answers {"id":…,"ok":false,"error":"…"}. Each decoder runs in its own vm context with a time limit
// (RESIOT_DECODER_TIMEOUT_MS), so a decoder that loops is interrupted here; the driver also restarts this process
// when an answer doesn't come in time.
'use strict';

const vm = require('vm');
const readline = require('readline');

const timeout = Math.max(1, Number(process.env.RESIOT_DECODER_TIMEOUT_MS) || 1000);
const decoders = new Map();

readline.createInterface({ input: process.stdin }).on('line', line => {
  let request;
  try {
    request = JSON.parse(line);
  } catch (err) {
    answer({ id: null, ok: false, error: 'the decoder host got a line that is not JSON: ' + err.message });
    return;
  }
  try {
    if (request.op === 'load') {
      load(request.name, request.source);
      answer({ id: request.id, ok: true });
    } else if (request.op === 'decode') {
      answer({ id: request.id, ok: true, result: decode(request.name, request.bytes, request.fPort) });
    } else {
      answer({ id: request.id, ok: false, error: 'unknown op ' + JSON.stringify(request.op) });
    }
  } catch (err) {
    answer({ id: request.id, ok: false, error: describe(err) });
  }
}).on('close', () => process.exit(0));

function load(name, source) {
  decoders.delete(name);
  // Only what TTN decoders may use: no require, no process. console output would corrupt stdout, so it is dropped.
  const quiet = () => {};
  const context = vm.createContext({ console: { log: quiet, info: quiet, warn: quiet, error: quiet, debug: quiet } });
  try {
    new vm.Script(String(source), { filename: name + '.js' }).runInContext(context, { timeout });
    if (vm.runInContext('typeof decodeUplink', context) !== 'function') {
      throw new Error('the script defines no decodeUplink(input) function');
    }
    decoders.set(name, { context });
  } catch (err) {
    decoders.set(name, { error: describe(err) });
    throw err;
  }
}

function decode(name, bytes, fPort) {
  const decoder = decoders.get(name);
  if (!decoder) throw new Error(`no decoder named '${name}' is loaded`);
  if (decoder.error) throw new Error(`the decoder did not load: ${decoder.error}`);
  decoder.context.__bytes = bytes;
  decoder.context.__fPort = fPort;
  // The input is built inside the decoder's context, so Array.isArray and instanceof behave as decoders expect.
  const result = vm.runInContext(
    'JSON.stringify(decodeUplink({ bytes: Array.from(__bytes), fPort: __fPort }))', decoder.context, { timeout });
  if (result === undefined) throw new Error('decodeUplink returned nothing (it should return {data, warnings, errors})');
  const parsed = JSON.parse(result);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('decodeUplink should return an object {data, warnings, errors}, but returned ' + result.slice(0, 200));
  }
  return parsed;
}

function describe(err) {
  if (err && typeof err === 'object' && 'message' in err) return `${err.name || 'Error'}: ${err.message}`;
  return String(err);
}

function answer(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}
