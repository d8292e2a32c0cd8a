// Type declarations of the driver API that JavaScript/TypeScript drivers import as 'plugin-runtime'.
// Point your editor at this file (see docs/scripting-js.md) for completion and type checking.

declare module "plugin-runtime" {
    /** Any value that survives JSON.stringify / JSON.parse. */
    export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

    /** JSON Schema of one parameter, e.g. { type: "number" } or { type: ["string", "null"] }. */
    export interface ParameterSchema {
        type?: "string" | "number" | "integer" | "boolean" | "object" | "array" | "null"
            | Array<"string" | "number" | "integer" | "boolean" | "object" | "array" | "null">;
        description?: string;
        [keyword: string]: unknown;
    }

    /** Who may call a method: any user of the system, support staff, or administrators. */
    export type SecurityLevel = "user" | "support" | "admin";

    /** What a driver class says about itself (`static driver = {...}`). */
    export interface DriverInfo {
        /** Display name; the class name by default. */
        name?: string;
        /** The module name in `Name_index` addresses; the class name by default. */
        defaultModuleName?: string;
        description?: string;
        /** The lowest layer of the settings merge. */
        defaultSettings?: { [key: string]: Json };
    }

    /** Per-method details (`static methods = { methodName: {...} }`); every entry is optional. */
    export interface MethodInfo {
        /** Parameter schemas in positional order (names as in the function); without it, parameters take any JSON. */
        params?: { [name: string]: ParameterSchema };
        security?: SecurityLevel;
        description?: string;
        /** Keeps a public method from being callable. */
        hidden?: boolean;
    }

    /** A period or delay: milliseconds, or a string like "250ms", "5s", "2m", "1h", "1d". */
    export type Period = number | string;

    /** A schedule; cancel it to stop it (a run in progress finishes). */
    export interface ScheduledTask {
        cancel(): void;
    }

    /** Schedules on the runtime's clock (fake time in tests), run one at a time each, cancelled when the module stops. */
    export interface Scheduler {
        /** Runs fn every period at a fixed rate; { runNow: true } also runs it as soon as possible. */
        every(period: Period, fn: () => unknown, options?: { runNow?: boolean }): ScheduledTask;
        /** Runs fn once after delay. */
        in(delay: Period, fn: () => unknown): ScheduledTask;
        /** Runs fn once at a time (or as soon as possible if it has passed). */
        at(when: Date | string, fn: () => unknown): ScheduledTask;
        /** Runs fn on a five-field cron expression ("0 7 * * MON-FRI", "@daily") in options.timeZone (UTC by default). */
        cron(expression: string, fn: () => unknown, options?: { timeZone?: string }): ScheduledTask;
        /** Cancels every schedule of this module made so far. */
        cancelAll(): void;
    }

    /** The module's log (the runtime's log, and the live module log of the web console). */
    export interface Logger {
        trace(...args: unknown[]): void;
        debug(...args: unknown[]): void;
        info(...args: unknown[]): void;
        warn(...args: unknown[]): void;
        error(...args: unknown[]): void;
    }

    /** A subscription to another module's status; cancel it to stop. */
    export interface Subscription {
        cancel(): void;
    }

    /** Another module of the same system, called through the runtime's exec. */
    export interface ModuleProxy {
        readonly name: string;
        readonly index: number;
        /** Calls a method with positional (array) or named (object) arguments; rejects with the callee's error. */
        call<T = Json>(method: string, args?: Json[] | { [name: string]: Json }): Promise<T>;
        /** Reads one status value; undefined when unset. */
        status<T = Json>(key: string): Promise<T | undefined>;
        /** Calls fn with the current value (if set), then with each change; null when the key is deleted. */
        subscribe<T = Json>(key: string, fn: (value: T | null) => unknown): Subscription;
    }

    /** The modules of this module's system. */
    export interface SystemProxy {
        readonly id: string;
        /** The module named name at 1-based index (1 by default); "Display_2" is accepted as a name too. */
        get(name: string, index?: number): ModuleProxy;
    }

    /**
     * The base class of a driver. Export one subclass (module.exports = class ... or export default class ...).
     * Its public methods (names not starting with "_") are callable under their snake_case names: setSetpoint → set_setpoint.
     */
    export abstract class Driver {
        static driver?: DriverInfo;
        static methods?: { [methodName: string]: MethodInfo };

        /** The module's id, e.g. "mod-thermostat-1". */
        readonly moduleId: string;
        readonly logger: Logger;
        readonly schedule: Scheduler;
        /** Throws when the module is in no system. */
        readonly system: SystemProxy;
        /** The merged settings (module > system > zones > driver defaults), as a copy. */
        readonly settings: { [key: string]: Json };

        /** Writes a status value; false (and nobody notified) when its JSON is unchanged; null/undefined deletes the key. */
        setStatus(key: string, value: unknown): boolean;
        /** Reads a status value, or undefined when unset. */
        status<T = Json>(key: string): T | undefined;
        hasStatus(key: string): boolean;
        /** A required setting; throws naming the key and the module when no level sets it. */
        setting<T = Json>(key: string): T;
        /** An optional setting, or fallback. */
        settingOrDefault<T = Json>(key: string, fallback: T): T;

        /** Once after the module starts, and again after its Node.js process restarted (status is kept). */
        onLoad(): void | Promise<void>;
        /** When the module stops (removed, reloaded, or the runtime shuts down). */
        onUnload(): void | Promise<void>;
        /** After the merged settings changed. */
        onSettingsChanged(): void | Promise<void>;
    }
}
