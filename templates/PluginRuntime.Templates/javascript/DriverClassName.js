'use strict';
// A PluginRuntime driver in JavaScript: the runtime runs it in Node.js (no build step) and, with `watch: true`, swaps
// running modules to each saved edit. One method and one status to grow from. Public methods are callable from
// outside under their snake_case names (setLevel → set_level); methods starting with '_' are not.
const { Driver } = require('plugin-runtime');

class DriverClassName extends Driver {
    static driver = {
        name: 'DriverProjectName',
        defaultModuleName: 'DriverClassName',
        description: 'Describe what this driver controls.',
        defaultSettings: { max_level: 100 },
    };

    /**
     * Sets the level and reports it in the `level` status. Callers exec it as `set_level`.
     * @param {number} level
     * @returns {number}
     */
    setLevel(level) {
        const max = this.settingOrDefault('max_level', 100);
        if (!Number.isInteger(level) || level < 0 || level > max) {
            throw new RangeError(`The level must be an integer between 0 and ${max}, but got ${JSON.stringify(level)}.`);
        }
        this.setStatus('level', level);
        return level;
    }
}

module.exports = DriverClassName;
