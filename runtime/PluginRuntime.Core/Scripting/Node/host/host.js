'use strict';
// The Node.js side of a JavaScript/TypeScript driver load. The runtime starts this script, sends one 'load' message
// naming the driver script, and then runs that driver's modules here. Messages are newline-delimited JSON on
// stdin/stdout; stdout belongs to the protocol, so anything else written there is sent to stderr instead, which the
// runtime puts in the driver's module logs.

const { AsyncLocalStorage } = require('async_hooks');
const util = require('util');
const readline = require('readline');
const api = require('./driver-api');
const scripts = require('./script-loader');

const writeOut = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => process.stderr.write(chunk, ...rest);

function send(message) {
    writeOut(JSON.stringify(message) + '\n');
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'];
const moduleScope = new AsyncLocalStorage();
const modules = new Map(); // module id → { driver, context }
let DriverClass = null;
let methodsByWire = new Map();
let scriptFiles = [];
let nextRequest = 1;
const pending = new Map(); // request id → { resolve, reject }

function log(moduleId, level, args) {
    const message = args.map(a => typeof a === 'string' ? a : util.inspect(a, { depth: 4 })).join(' ');
    send({ t: 'log', m: moduleId, level, msg: message });
}

// console.* from driver code goes to the log of the module whose code is running; elsewhere to stderr.
for (const [method, level] of [['log', 'info'], ['info', 'info'], ['debug', 'debug'], ['trace', 'trace'], ['warn', 'warn'], ['error', 'error']]) {
    const original = console[method].bind(console);
    console[method] = (...args) => {
        const moduleId = moduleScope.getStore();
        if (moduleId && modules.has(moduleId)) log(moduleId, level, args);
        else original(...args);
    };
}

function errorText(error) {
    if (error instanceof Error) {
        const where = scripts.firstDriverFrame(error, scriptFiles);
        return { error: error.message || error.name, where };
    }
    return { error: typeof error === 'string' ? error : util.inspect(error) };
}

/** Runs driver code for a request and replies with its JSON result or its error. */
async function answer(id, moduleId, action) {
    try {
        const value = await moduleScope.run(moduleId, action);
        send({ t: 'reply', id, ok: true, value: value === undefined ? null : value });
    } catch (error) {
        send({ t: 'reply', id, ok: false, ...errorText(error) });
    }
}

function request(moduleId, message) {
    const id = `n${nextRequest++}`;
    return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        send({ ...message, id, m: moduleId });
    });
}

function createContext(moduleId, settings, status, systemId) {
    const statusMirror = new Map(Object.entries(status ?? {}).map(([k, v]) => [k, JSON.stringify(v)]));
    const schedules = new Map(); // schedule id → fn
    const subscriptions = new Map(); // subscription id → fn
    let nextId = 1;
    const logger = {};
    for (const level of LEVELS) logger[level] = (...args) => log(moduleId, level, args);
    const context = {
        moduleId,
        systemId,
        settings: settings ?? {},
        logger,
        stopped: false,
        schedules,
        subscriptions,
        setStatus(key, value) {
            if (typeof key !== 'string' || key.length === 0) throw new TypeError('A status key must be a non-empty string.');
            if (value === undefined || value === null) {
                if (!statusMirror.delete(key)) return false;
                send({ t: 'status', m: moduleId, key, value: null });
                return true;
            }
            const json = JSON.stringify(value);
            if (json === undefined || json === 'null') return context.setStatus(key, null);
            if (statusMirror.get(key) === json) return false;
            statusMirror.set(key, json);
            send({ t: 'status', m: moduleId, key, value: JSON.parse(json) });
            return true;
        },
        getStatus(key) {
            const json = statusMirror.get(key);
            return json === undefined ? undefined : JSON.parse(json);
        },
        schedule(spec, fn) {
            if (typeof fn !== 'function') throw new TypeError('A schedule needs a function to run.');
            const sid = `s${nextId++}`;
            schedules.set(sid, fn);
            send({ t: 'schedule', m: moduleId, sid, ...spec });
            let cancelled = false;
            return {
                cancel() {
                    if (cancelled) return;
                    cancelled = true;
                    schedules.delete(sid);
                    send({ t: 'unschedule', m: moduleId, sid });
                },
            };
        },
        cancelSchedules() {
            for (const sid of schedules.keys()) send({ t: 'unschedule', m: moduleId, sid });
            schedules.clear();
        },
        subscribe(name, index, key, fn) {
            if (typeof fn !== 'function') throw new TypeError('A subscription needs a function to call.');
            const sid = `u${nextId++}`;
            subscriptions.set(sid, fn);
            send({ t: 'sys.subscribe', m: moduleId, sid, name, index, key });
            return {
                cancel() {
                    if (subscriptions.delete(sid)) send({ t: 'sys.unsubscribe', m: moduleId, sid });
                },
            };
        },
        request(message) {
            return request(moduleId, message);
        },
    };
    return context;
}

function moduleFor(message) {
    const entry = modules.get(message.m);
    if (!entry) throw new Error(`Module '${message.m}' is not loaded in this Node.js process.`);
    return entry;
}

function positionalArguments(method, args) {
    return method.params.map(name => Object.prototype.hasOwnProperty.call(args ?? {}, name) ? args[name] : undefined);
}

const handlers = {
    load(message) {
        try {
            const loaded = scripts.load(message.script);
            DriverClass = loaded.DriverClass;
            methodsByWire = new Map(loaded.description.methods.map(m => [m.name, m]));
            scriptFiles = loaded.description.files;
            if (!message.script.endsWith('.ts')) scripts.releaseTypeScript();
            send({ t: 'reply', id: message.id, ok: true, value: loaded.description });
        } catch (error) {
            send({ t: 'reply', id: message.id, ok: false, error: error.formatted ? error.message : `${message.script}: ${error.message}` });
        }
    },
    ping(message) {
        send({ t: 'reply', id: message.id, ok: true, value: null });
    },
    create(message) {
        answer(message.id, message.m, async () => {
            if (modules.has(message.m)) throw new Error(`Module '${message.m}' is already loaded.`);
            const context = createContext(message.m, message.settings, message.status, message.system ?? null);
            const driver = api.construct(DriverClass, context);
            modules.set(message.m, { driver, context });
            await driver.onLoad();
        });
    },
    settings(message) {
        answer(message.id, message.m, async () => {
            const { driver, context } = moduleFor(message);
            context.settings = message.settings ?? {};
            await driver.onSettingsChanged();
        });
    },
    unload(message) {
        answer(message.id, message.m, async () => {
            const entry = modules.get(message.m);
            if (!entry) return;
            entry.context.stopped = true;
            try {
                await entry.driver.onUnload();
            } finally {
                entry.context.schedules.clear();
                entry.context.subscriptions.clear();
                modules.delete(message.m);
            }
        });
    },
    call(message) {
        answer(message.id, message.m, async () => {
            const { driver } = moduleFor(message);
            const method = methodsByWire.get(message.method);
            if (!method) throw new Error(`This driver has no method '${message.method}'.`);
            return await driver[method.js](...positionalArguments(method, message.args));
        });
    },
    fire(message) {
        answer(message.id, message.m, async () => {
            const fn = moduleFor(message).context.schedules.get(message.sid);
            if (fn) await fn();
        });
    },
    notify(message) {
        answer(message.id, message.m, async () => {
            const fn = moduleFor(message).context.subscriptions.get(message.sid);
            if (fn) await fn(message.value);
        });
    },
    reply(message) {
        const waiter = pending.get(message.id);
        if (!waiter) return;
        pending.delete(message.id);
        if (message.ok) waiter.resolve(message.value);
        else waiter.reject(new Error(message.error));
    },
    exit() {
        process.exit(0);
    },
};

if (process.argv.includes('--preload-typescript')) {
    try {
        scripts.preloadTypeScript();
    } catch {
        // Reported when a .ts driver actually needs it.
    }
}

const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
input.on('line', line => {
    if (line.length === 0) return;
    let message;
    try {
        message = JSON.parse(line);
    } catch (error) {
        process.stderr.write(`plugin-runtime host: dropped a malformed message (${error.message}): ${line.slice(0, 200)}\n`);
        return;
    }
    const handler = handlers[message.t];
    if (!handler) {
        process.stderr.write(`plugin-runtime host: dropped a message of unknown type '${message.t}'\n`);
        return;
    }
    handler(message);
});
// The runtime went away (or retired this load): nothing left to serve.
input.on('close', () => process.exit(0));

process.on('unhandledRejection', error => {
    const moduleId = moduleScope.getStore();
    const text = error instanceof Error ? (error.stack ?? error.message) : util.inspect(error);
    if (moduleId && modules.has(moduleId)) log(moduleId, 'error', [`Unhandled promise rejection: ${text}`]);
    else process.stderr.write(`Unhandled promise rejection: ${text}\n`);
});

send({ t: 'hello', pid: process.pid });
