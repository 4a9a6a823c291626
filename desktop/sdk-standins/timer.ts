/* Stand-in for the SDK's "timer" module on the board run's virtual time (scheduler.ts). */
import { scheduler } from "./scheduler.ts";

function interval(name: string, value: unknown): number {
	if (value === undefined) return 0;
	if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new RangeError(`Timer.${name}: bad interval ${String(value)}`);
	return value;
}

const Timer = Object.freeze({
	set(callback: (id: object) => void, ms?: number, repeat?: number): object {
		if (typeof callback !== "function") throw new TypeError("Timer.set: callback is not a function");
		return scheduler.set(callback, interval("set", ms), repeat === undefined ? undefined : interval("set", repeat));
	},
	repeat(callback: (id: object) => void, ms: number): object {
		return scheduler.set(callback, interval("repeat", ms), interval("repeat", ms));
	},
	clear(id: unknown): void {
		scheduler.clear(id);
	},
	schedule(): void {
		throw new Error("Timer.schedule is not used by the app");
	},
	delay(): void {
		throw new Error("Timer.delay blocks the VM: the app must not call it");
	},
});

export default Timer;
