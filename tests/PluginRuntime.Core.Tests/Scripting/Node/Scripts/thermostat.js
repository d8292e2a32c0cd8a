// A JavaScript test driver exercising the whole driver API; the tests copy it into a temp config folder.
const fs = require('fs');
const path = require('path');
const { Driver } = require('plugin-runtime');

// Supervision tests make the next few starts of this script fail (see crashAndFailStarts).
const failingStarts = path.join(__dirname, 'failing-starts.txt');
if (fs.existsSync(failingStarts)) {
    const left = Number(fs.readFileSync(failingStarts, 'utf8'));
    if (left > 0) {
        fs.writeFileSync(failingStarts, String(left - 1));
        process.exit(7);
    }
}

class Thermostat extends Driver {
    static driver = {
        name: 'JS Thermostat',
        defaultModuleName: 'Thermostat',
        description: 'A thermostat written in JavaScript',
        defaultSettings: { step: 1, poll: '5s' },
    };

    static methods = {
        setSetpoint: { params: { value: { type: 'number' } }, security: 'support', description: 'Sets the target temperature' },
        _helper: { hidden: true },
    };

    onLoad() {
        this.setStatus('loads', (this.status('loads') ?? 0) + 1);
        this.setStatus('step', this.setting('step'));
        this.logger.info(`loaded with step ${this.setting('step')}`);
        this.schedule.every(this.settingOrDefault('poll', '5s'), () => {
            this.setStatus('ticks', (this.status('ticks') ?? 0) + 1);
        });
    }

    onSettingsChanged() {
        this.setStatus('step', this.setting('step'));
        this.logger.warn(`step is now ${this.setting('step')}`);
    }

    setSetpoint(value) {
        const changed = this.setStatus('setpoint', value);
        return { value, changed };
    }

    async warmer(by = 1) {
        await new Promise(resolve => setImmediate(resolve));
        const target = (this.status('setpoint') ?? 20) + by * this.setting('step');
        this.setStatus('setpoint', target);
        return target;
    }

    remindAt(when) {
        this.schedule.at(when, () => this.setStatus('reminded', when));
    }

    startCron() {
        this.schedule.cron('*/2 * * * *', () => this.setStatus('cron_runs', (this.status('cron_runs') ?? 0) + 1));
    }

    version() {
        return 'v1';
    }

    fail() {
        throw new Error('the valve is stuck');
    }

    async failLater() {
        await null;
        throw new Error('the valve failed later');
    }

    logAt(level, text) {
        this.logger[level](text);
        console.log(`console says ${text}`);
    }

    printRaw(text) {
        process.stdout.write(`${text}\n`); // not the protocol's: the host sends it to stderr, the runtime to the log
    }

    needsMissingSetting() {
        return this.setting('no_such_setting');
    }

    crash(code = 3) {
        process.exit(code);
    }

    crashAndFailStarts(starts) {
        fs.writeFileSync(failingStarts, String(starts));
        process.exit(3);
    }

    hang() {
        for (;;) { /* blocks the event loop: the heartbeat finds it hung */ }
    }

    _helper() {
        return 'private';
    }
}

module.exports = Thermostat;
