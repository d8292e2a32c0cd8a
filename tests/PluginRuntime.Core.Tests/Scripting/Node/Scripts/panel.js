// Calls, reads and follows its sibling Thermostat_1 (any language) through the runtime.
const { Driver } = require('plugin-runtime');

module.exports = class Panel extends Driver {
    static driver = { name: 'Panel', defaultModuleName: 'Panel' };

    onLoad() {
        this.system.get('Thermostat', 1).subscribe('setpoint', value => {
            this.setStatus('seen_setpoint', value);
        });
    }

    async bump(by) {
        return await this.system.get('Thermostat').call('warmer', [by]);
    }

    async readSetpoint() {
        return await this.system.get('Thermostat_1').status('setpoint');
    }

    async callMissing() {
        return await this.system.get('Nowhere').call('anything');
    }
};
