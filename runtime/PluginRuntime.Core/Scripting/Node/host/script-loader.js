'use strict';
// Loads a driver script (CommonJS .js, or .ts transpiled on require), finds its driver class and describes it: the
// identity and callable methods the runtime builds its descriptor from, and the local files it pulled in (to watch).

const fs = require('fs');
const path = require('path');
const Module = require('module');
const api = require('./driver-api');

const API_NAME = 'plugin-runtime';
const LIFECYCLE = new Set(['constructor', 'onLoad', 'onUnload', 'onSettingsChanged']);
const SECURITY = new Set(['user', 'support', 'admin']);

let typescript = null;

/** Loads the typescript package now (a warm spare does this before any .ts driver asks). */
function preloadTypeScript() {
    if (typescript) return typescript;
    const candidates = [path.join(__dirname, 'node_modules', 'typescript')];
    for (const candidate of candidates) {
        if (fs.existsSync(path.join(candidate, 'package.json'))) {
            typescript = require(candidate);
            return typescript;
        }
    }
    const error = new Error(`TypeScript drivers need the 'typescript' npm package, which is not installed in ${__dirname}. ` +
        `Run: npm ci --prefix "${__dirname}" (or scripts/install-test-deps.sh, or rebuild the runtime with npm on PATH).`);
    error.setup = true;
    throw error;
}

/** Drops the typescript package (a warm spare loaded it, but this driver is plain JavaScript). */
function releaseTypeScript() {
    if (!typescript) return;
    typescript = null;
    for (const file of Object.keys(require.cache)) {
        if (file.includes(`${path.sep}node_modules${path.sep}typescript${path.sep}`)) delete require.cache[file];
    }
}

// 'plugin-runtime' is this host's driver API, wherever the driver lives.
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
    if (request === API_NAME) {
        return require.resolve('./driver-api');
    }
    return originalResolve.call(this, request, parent, ...rest);
};

/** A TS syntax problem, formatted like a compiler error: path:line:col: error TSnnnn: message. */
function formatDiagnostic(ts, diagnostic) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (diagnostic.file && diagnostic.start !== undefined) {
        const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
        return `${diagnostic.file.fileName}:${line + 1}:${character + 1}: error TS${diagnostic.code}: ${message}`;
    }
    return `error TS${diagnostic.code}: ${message}`;
}

require.extensions['.ts'] = function (module, filename) {
    const ts = preloadTypeScript();
    const source = fs.readFileSync(filename, 'utf8');
    const output = ts.transpileModule(source, {
        fileName: filename,
        reportDiagnostics: true,
        compilerOptions: {
            module: ts.ModuleKind.CommonJS,
            target: ts.ScriptTarget.ES2022,
            esModuleInterop: true,
            inlineSourceMap: true,
            inlineSources: true,
            useDefineForClassFields: true,
        },
    });
    const errors = (output.diagnostics ?? []).filter(d => d.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) {
        const error = new Error(errors.map(d => formatDiagnostic(ts, d)).join('\n'));
        error.formatted = true;
        throw error;
    }
    module._compile(output.outputText, filename);
};

/**
 * Node reports a syntax error as "file:line\n<source line>\n   ^^^\n\nSyntaxError: message"; the caret gives the
 * column. Returns "file:line:col: SyntaxError: message", or null when the error is not of that shape.
 */
function formatSyntaxError(error) {
    if (!(error instanceof SyntaxError) || typeof error.stack !== 'string') return null;
    const lines = error.stack.split('\n');
    const where = /^(.*):(\d+)$/.exec(lines[0]);
    if (!where) return null;
    const caret = lines.slice(1, 4).find(l => /^\s*\^/.test(l));
    const column = caret ? caret.indexOf('^') + 1 : 1;
    return `${where[1]}:${where[2]}:${column}: SyntaxError: ${error.message}`;
}

/** The first frame of a stack that points into the driver's own files, as path:line:col. */
function firstDriverFrame(error, files) {
    const stack = typeof error?.stack === 'string' ? error.stack : '';
    for (const match of stack.matchAll(/\(?((?:\/|[A-Za-z]:\\)[^():]+):(\d+):(\d+)\)?/g)) {
        if (files.some(f => f === match[1])) return `${match[1]}:${match[2]}:${match[3]}`;
    }
    return null;
}

function describeLoadError(error, scriptPath) {
    if (error?.formatted || error?.setup) return error.message;
    const syntax = formatSyntaxError(error);
    if (syntax) return syntax;
    const where = firstDriverFrame(error, [scriptPath]) ?? scriptPath;
    return `${where}: ${error?.name ?? 'Error'}: ${error?.message ?? String(error)}`;
}

function isDriverClass(value) {
    return typeof value === 'function' && value.prototype instanceof api.Driver;
}

function findDriverClass(exported, scriptPath) {
    if (isDriverClass(exported)) return exported;
    if (exported && isDriverClass(exported.default)) return exported.default;
    const classes = exported && typeof exported === 'object' ? Object.values(exported).filter(isDriverClass) : [];
    if (classes.length === 1) return classes[0];
    if (classes.length > 1) {
        throw new Error(`${scriptPath} exports several driver classes (${classes.map(c => c.name).join(', ')}); export one as default.`);
    }
    throw new Error(`${scriptPath} exports no driver class. Export a class that extends Driver from 'plugin-runtime' ` +
        '(module.exports = class MyDriver extends Driver {...}, or export default class in TypeScript).');
}

/** camelCase → snake_case exactly as the C# SDK names methods and parameters (SetVolume → set_volume, devEUI → dev_eui). */
function toSnakeCase(name) {
    let out = '';
    const isUpper = c => c >= 'A' && c <= 'Z';
    const isLowerOrDigit = c => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    for (let i = 0; i < name.length; i++) {
        const c = name[i];
        if (isUpper(c)) {
            const afterLower = i > 0 && isLowerOrDigit(name[i - 1]);
            const newWordInAcronym = i > 0 && isUpper(name[i - 1]) && i + 1 < name.length && name[i + 1] >= 'a' && name[i + 1] <= 'z';
            if ((afterLower || newWordInAcronym) && out.length > 0 && !out.endsWith('_')) out += '_';
            out += c.toLowerCase();
        } else {
            out += c;
        }
    }
    return out;
}

/** The parameter list of a function from its source: names in order, and which have defaults (optional). */
function parseParameters(fn) {
    const source = Function.prototype.toString.call(fn);
    const open = source.indexOf('(');
    if (open < 0) return [];
    let depth = 0;
    let current = '';
    const parts = [];
    let quote = null;
    for (let i = open + 1; i < source.length; i++) {
        const c = source[i];
        if (quote) {
            current += c;
            if (c === quote && source[i - 1] !== '\\') quote = null;
            continue;
        }
        if (c === '"' || c === '\'' || c === '`') { quote = c; current += c; continue; }
        if (c === '(' || c === '[' || c === '{') depth++;
        if (c === ')' || c === ']' || c === '}') {
            if (depth === 0) { parts.push(current); break; }
            depth--;
        }
        if (c === ',' && depth === 0) { parts.push(current); current = ''; continue; }
        current += c;
    }
    return parts.map(p => p.replace(/\/\*[\s\S]*?\*\//g, '').trim()).filter(p => p.length > 0).map((p, i) => {
        const rest = p.startsWith('...');
        const simple = /^(?:\.\.\.)?([A-Za-z_$][\w$]*)/.exec(p);
        return {
            name: simple && !p.startsWith('{') && !p.startsWith('[') ? simple[1] : `arg${i}`,
            optional: rest || p.includes('='),
            rest,
        };
    });
}

/** Every callable method: own and inherited prototype methods down to Driver, minus hooks, '_' names and hidden ones. */
function describeMethods(DriverClass) {
    const declared = DriverClass.methods ?? {};
    const seen = new Map();
    for (let proto = DriverClass.prototype; proto && proto !== api.Driver.prototype; proto = Object.getPrototypeOf(proto)) {
        for (const name of Object.getOwnPropertyNames(proto)) {
            const descriptor = Object.getOwnPropertyDescriptor(proto, name);
            if (seen.has(name) || LIFECYCLE.has(name) || name.startsWith('_') || typeof descriptor.value !== 'function') continue;
            seen.set(name, descriptor.value);
        }
    }
    const methods = [];
    const wireNames = new Map();
    for (const [name, fn] of seen) {
        const meta = declared[name] ?? {};
        if (meta.hidden) continue;
        const wire = toSnakeCase(name);
        if (wireNames.has(wire)) {
            throw new Error(`${DriverClass.name} has two methods named '${wire}' (${wireNames.get(wire)} and ${name}); rename one or mark it hidden.`);
        }
        wireNames.set(wire, name);
        const parsed = parseParameters(fn);
        const security = meta.security ?? 'user';
        if (!SECURITY.has(security)) {
            throw new Error(`${DriverClass.name}.${name}: security '${security}' is not one of user, support, admin.`);
        }
        const properties = {};
        const required = [];
        const params = [];
        if (meta.params) {
            const byName = new Map(parsed.map(p => [p.name, p]));
            for (const [paramName, schema] of Object.entries(meta.params)) {
                const wireParam = toSnakeCase(paramName);
                properties[wireParam] = schema ?? {};
                const optional = byName.get(paramName)?.optional ?? false;
                if (!optional) required.push(wireParam);
                params.push(wireParam);
            }
        } else {
            for (const p of parsed) {
                if (p.rest) continue;
                const wireParam = toSnakeCase(p.name);
                properties[wireParam] = {};
                if (!p.optional) required.push(wireParam);
                params.push(wireParam);
            }
        }
        methods.push({
            name: wire,
            js: name,
            params,
            schema: { type: 'object', properties, required },
            security,
            description: meta.description ?? null,
        });
    }
    return methods;
}

/** The driver's own files among those loaded (not the host's, not node_modules), to watch for hot reload. */
function localFiles(scriptPath) {
    const files = new Set([scriptPath]);
    for (const file of Object.keys(require.cache)) {
        if (!file.startsWith(__dirname + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`)) files.add(file);
    }
    return [...files];
}

/** Loads the script and describes its driver; throws an Error whose message is ready for the runtime's log. */
function load(scriptPath) {
    let exported;
    try {
        if (scriptPath.endsWith('.ts')) preloadTypeScript();
        exported = require(scriptPath);
    } catch (error) {
        const wrapped = new Error(describeLoadError(error, scriptPath));
        wrapped.formatted = true;
        throw wrapped;
    }
    const DriverClass = findDriverClass(exported, scriptPath);
    const meta = DriverClass.driver ?? {};
    const defaults = meta.defaultSettings ?? null;
    if (defaults !== null && (typeof defaults !== 'object' || Array.isArray(defaults))) {
        throw new Error(`${DriverClass.name}.driver.defaultSettings must be an object, e.g. { pollSeconds: 30 }.`);
    }
    return {
        DriverClass,
        description: {
            name: String(meta.name ?? DriverClass.name),
            defaultModuleName: String(meta.defaultModuleName ?? DriverClass.name),
            description: meta.description ?? null,
            defaultSettings: defaults,
            methods: describeMethods(DriverClass),
            files: localFiles(scriptPath),
        },
    };
}

module.exports = { load, preloadTypeScript, releaseTypeScript, firstDriverFrame };
