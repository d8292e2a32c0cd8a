// A TypeScript test driver: types are stripped by the runtime's transpiler.
import { Driver } from "plugin-runtime";

interface Reading {
    value: number;
    unit: "C" | "F";
}

export default class TsThermostat extends Driver {
    static driver = { name: "TS Thermostat", defaultModuleName: "Thermostat", defaultSettings: { step: 2 } };

    private readonly unit: Reading["unit"] = "C";

    onLoad(): void {
        this.setStatus("loads", (this.status<number>("loads") ?? 0) + 1);
        this.schedule.in("11s", () => {
            this.setStatus("fired", true);
        });
    }

    onSettingsChanged(): void {
        this.setStatus("step", this.setting<number>("step"));
    }

    setSetpoint(value: number): Reading {
        this.setStatus("setpoint", value);
        return { value, unit: this.unit };
    }

    async warmer(by: number = 1): Promise<number> {
        await Promise.resolve();
        const target = (this.status<number>("setpoint") ?? 20) + by * this.setting<number>("step");
        this.setStatus("setpoint", target);
        return target;
    }

    version(): string {
        return "ts-v1";
    }

    fail(): never {
        throw new Error("typed failure");
    }
}
