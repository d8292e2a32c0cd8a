'use strict';
// The driver API a JavaScript/TypeScript driver imports as 'plugin-runtime'. Everything here talks to the runtime
// through the bridge the host installs (host.js); a driver never sees the wire protocol.

const CONTEXT = Symbol('pluginRuntimeContext');
let pendingContext = null;

/** Runs the constructor of a driver class with its module context attached (called by the host only). */
function construct(DriverClass, context) {
    pendingContext = context;
    try {
        return new DriverClass();
    } finally {
        pendingContext = null;
    }
}

function contextOf(driver) {
    const context = driver[CONTEXT];
    if (!context) {
        throw new Error('This driver is not attached to a module: drivers are created by the runtime, not with new.');
    }
    return context;
}

const PERIOD_UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** 5000, '5s', '250ms', '2m', '1h', '1d' → milliseconds. */
function toMilliseconds(period, what) {
    if (typeof period === 'number' && Number.isFinite(period)) {
        return period;
    }
    const match = typeof period === 'string' && /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(period);
    if (!match) {
        throw new TypeError(`${what} must be milliseconds or a string like '5s', '250ms', '2m', '1h', but got ${JSON.stringify(period)}.`);
    }
    return Number(match[1]) * PERIOD_UNITS[match[2]];
}

/** Schedules that run on the runtime's clock (so a test's fake time drives them) and end with the module. */
class Scheduler {
    constructor(context) {
        this._context = context;
    }

    /** Runs fn every period (ms or '5s'); with { runNow: true } also as soon as possible. */
    every(period, fn, options = {}) {
        const ms = toMilliseconds(period, 'A period');
        if (!(ms > 0)) throw new RangeError('A period must be longer than zero.');
        return this._context.schedule({ kind: 'every', ms, runNow: !!options.runNow }, fn);
    }

    /** Runs fn once after delay (ms or '5s'). */
    in(delay, fn) {
        const ms = toMilliseconds(delay, 'A delay');
        if (ms < 0) throw new RangeError('A delay can\'t be negative; use 0 to run as soon as possible.');
        return this._context.schedule({ kind: 'in', ms }, fn);
    }

    /** Runs fn once at a Date (or ISO 8601 string), or as soon as possible if that has passed. */
    at(when, fn) {
        const date = when instanceof Date ? when : new Date(when);
        if (Number.isNaN(date.getTime())) throw new TypeError(`'${when}' is not a date.`);
        return this._context.schedule({ kind: 'at', at: date.toISOString() }, fn);
    }

    /** Runs fn on a five-field cron expression ('*\/5 * * * *', '0 7 * * MON-FRI', '@daily'), in options.timeZone (UTC by default). */
    cron(expression, fn, options = {}) {
        return this._context.schedule({ kind: 'cron', cron: String(expression), timeZone: options.timeZone ?? null }, fn);
    }

    /** Cancels every schedule of this module made so far. */
    cancelAll() {
        this._context.cancelSchedules();
    }
}

/** Another module of the same system, addressed as Name_index. */
class ModuleProxy {
    constructor(context, name, index) {
        this._context = context;
        this.name = name;
        this.index = index;
    }

    /** Calls a method with positional (array) or named (object) arguments; resolves to its JSON result. */
    call(method, args = []) {
        return this._context.request({ t: 'sys.call', name: this.name, index: this.index, method, args });
    }

    /** Reads one status value (undefined when unset). */
    async status(key) {
        const reply = await this._context.request({ t: 'sys.status', name: this.name, index: this.index, key });
        return reply.found ? reply.value : undefined;
    }

    /** Calls fn with the current value (if set) and then each change (null when deleted). Returns { cancel() }. */
    subscribe(key, fn) {
        return this._context.subscribe(this.name, this.index, key, fn);
    }

    toString() {
        return `${this.name}_${this.index}`;
    }
}

/** The other modules of this module's system. */
class SystemProxy {
    constructor(context) {
        this._context = context;
    }

    get id() {
        return this._context.systemId;
    }

    /** The module named name at 1-based index (it need not exist yet). 'Display_2' is accepted too. */
    get(name, index) {
        if (index === undefined) {
            const match = /^(.*)_(\d+)$/.exec(name);
            [name, index] = match ? [match[1], Number(match[2])] : [name, 1];
        }
        return new ModuleProxy(this._context, name, index);
    }
}

/**
 * The base class of every JavaScript/TypeScript driver. A running instance is a module; its public methods (not
 * starting with '_') are callable from outside under their snake_case names.
 */
class Driver {
    constructor() {
        if (!pendingContext) {
            throw new Error('Drivers are created by the runtime, not with new.');
        }
        Object.defineProperty(this, CONTEXT, { value: pendingContext });
    }

    /** The module's id. */
    get moduleId() {
        return contextOf(this).moduleId;
    }

    /** Logs into the module's log: trace, debug, info, warn, error. */
    get logger() {
        return contextOf(this).logger;
    }

    /** Writes a status value; false (and nobody notified) when its JSON is unchanged. null or undefined deletes the key. */
    setStatus(key, value) {
        return contextOf(this).setStatus(key, value);
    }

    /** Reads a status value (a copy), or undefined when unset. */
    status(key) {
        return contextOf(this).getStatus(key);
    }

    /** True when the status key is set. */
    hasStatus(key) {
        return contextOf(this).getStatus(key) !== undefined;
    }

    /** The merged settings (module > system > zones > driver defaults), as a copy. */
    get settings() {
        return structuredClone(contextOf(this).settings);
    }

    /** A required setting; throws naming the key and module when no level sets it. */
    setting(key) {
        const context = contextOf(this);
        const value = context.settings[key];
        if (value === undefined || value === null) {
            throw new Error(`Module '${context.moduleId}' needs setting '${key}', but it is not set. Add '${key}' to the module's ` +
                'settings (or to its system, one of its zones, or the driver\'s defaults).');
        }
        return structuredClone(value);
    }

    /** An optional setting, or fallback when no level sets it. */
    settingOrDefault(key, fallback) {
        const value = contextOf(this).settings[key];
        return value === undefined || value === null ? fallback : structuredClone(value);
    }

    /** Schedules on the runtime's clock, cancelled when the module stops. */
    get schedule() {
        const context = contextOf(this);
        return context.scheduler ??= new Scheduler(context);
    }

    /** The other modules of this module's system. */
    get system() {
        const context = contextOf(this);
        if (!context.systemId) {
            throw new Error(`Module '${context.moduleId}' is not in any system, so it has no sibling modules to call.`);
        }
        return context.systemProxy ??= new SystemProxy(context);
    }

    /** Called once after the module starts (and again after its Node.js process restarted). */
    onLoad() {}

    /** Called when the module stops (removed, reloaded, or the host shuts down). */
    onUnload() {}

    /** Called after the merged settings changed; read them again. */
    onSettingsChanged() {}
}

module.exports = { Driver, Scheduler, SystemProxy, ModuleProxy, construct, toMilliseconds };
